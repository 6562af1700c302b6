using System.Text.RegularExpressions;

namespace PullDoctor.Runtime.Tests.Capture;

/// <summary>
/// Takes out what changes from run to run (random ports, image digests built per run, temp paths,
/// durations) so the versioned file changes only when the runtimes' wording does.
/// </summary>
public static partial class CaptureNormalizer
{
    public static CaptureDocument Normalize(CaptureDocument document) => new(
        document.Versions,
        [.. document.Messages
            .Select(m => m with { Image = Text(m.Image)!, Message = Text(m.Message), Seconds = 0 })
            .OrderBy(m => m.Scenario, StringComparer.Ordinal)
            .ThenBy(m => m.Runtime, StringComparer.Ordinal)]);

    public static string? Text(string? text)
    {
        if (text is null)
        {
            return null;
        }

        text = Port().Replace(text, "${host}:PORT");
        text = Digest().Replace(text, "sha256:DIGEST");
        text = TempPath().Replace(text, "/TMP/");
        text = Timestamp().Replace(text, "TIMESTAMP");
        return Duration().Replace(text, "DURATION");
    }

    // Ports of loopback and the test host names; well-known ports (53, 443) stay.
    [GeneratedRegex(@"(?<host>127\.0\.0\.1|localhost|[a-z0-9.-]+\.test):\d{4,5}\b", RegexOptions.CultureInvariant)]
    private static partial Regex Port();

    [GeneratedRegex("sha256:[0-9a-f]{64}", RegexOptions.CultureInvariant)]
    private static partial Regex Digest();

    [GeneratedRegex(@"/tmp/pulldoctor-fixtures-\d+/[^\s""/]+/", RegexOptions.CultureInvariant)]
    private static partial Regex TempPath();

    // e.g. Go's x509 "current time 2026-01-02T03:04:05Z is after ..." for the expired certificate.
    [GeneratedRegex(@"\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})", RegexOptions.CultureInvariant)]
    private static partial Regex Timestamp();

    [GeneratedRegex(@"\b\d+(\.\d+)?(ms|s)\b(?= ago| elapsed)", RegexOptions.CultureInvariant)]
    private static partial Regex Duration();
}
