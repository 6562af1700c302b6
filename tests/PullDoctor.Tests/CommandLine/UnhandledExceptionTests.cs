using PullDoctor.Tests.Support;

namespace PullDoctor.Tests.CommandLine;

/// <summary>
/// The last-resort handler (src/PullDoctor/UnhandledExceptions.cs): an exception on a thread no verb can catch ends the
/// real executable with one line on stderr and exit 1, not the runtime's stack trace.
/// </summary>
public sealed class UnhandledExceptionTests
{
    [Test]
    public async Task ExceptionOnABackgroundThread_OneLineOnStderrAndExit1_NoStackTrace()
    {
        var result = (await PullDoctorProcess.RunRawAsync(
            ["explain", "-"],
            new PullDoctorProcess.Options
            {
                Stdin = "not read",
                Environment = new Dictionary<string, string> { ["PULLDOCTOR_TEST_UNHANDLED_EXCEPTION"] = "thread" },
                Timeout = TimeSpan.FromSeconds(60),
            })).Decoded;

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString);
            Assert.That(result.Stderr, Is.EqualTo("pulldoctor: internal error: InvalidOperationException: thrown on a background thread by the test hook\n"), result.ToString);
            Assert.That(result.Stderr, Does.Not.Contain("   at "), "no stack trace");
            Assert.That(result.Stdout, Is.Empty);
        });
    }
}
