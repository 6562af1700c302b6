using System.Text;
using PullDoctor.Tests.Support;

namespace PullDoctor.Security.Tests.Support;

/// <summary>What SPEC §6 promises for every failure: the documented exit code and one clear line on stderr, never a stack trace.</summary>
internal static class CliAssert
{
    public static void OneLineError(PullDoctorProcess.RawResult run, int exitCode, string expectedText)
    {
        var decoded = run.Decoded;
        var lines = decoded.Stderr.TrimEnd('\n').Split('\n');
        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(exitCode), decoded.ToString());
            Assert.That(lines, Has.Length.EqualTo(1), "one line on stderr\n" + decoded);
            Assert.That(decoded.Stderr, Does.StartWith("pulldoctor: "), decoded.ToString());
            Assert.That(decoded.Stderr, Does.Contain(expectedText), decoded.ToString());
            Assert.That(decoded.Stderr, Does.Not.Contain("Unhandled exception").And.Not.Contain("   at ").And.Not.Contain("Stack overflow"), "no stack trace");
        });
    }

    public static void UsageError(PullDoctorProcess.RawResult run, string expectedText)
    {
        OneLineError(run, 2, expectedText);
        Assert.That(run.Stdout, Is.Empty, "a usage error prints no report");
    }

    /// <summary>Characters a terminal would act on: C0 controls but newline, DEL, C1 controls, bidi/format characters (in any plane), line separators.</summary>
    public static void NoTerminalControls(byte[] output, string stream)
    {
        var text = Encoding.UTF8.GetString(output);
        var offending = text.EnumerateRunes()
            .Where(IsTerminalControl)
            .Select(r => $"U+{r.Value:X4}")
            .Distinct()
            .Take(10)
            .ToList();
        Assert.That(offending, Is.Empty, $"{stream} carries characters a terminal acts on:\n{text}");
    }

    private static bool IsTerminalControl(Rune r) =>
        (r.Value < 0x20 && r.Value != '\n') || r.Value is >= 0x7f and <= 0x9f or 0x2028 or 0x2029
        || Rune.GetUnicodeCategory(r) == System.Globalization.UnicodeCategory.Format;
}
