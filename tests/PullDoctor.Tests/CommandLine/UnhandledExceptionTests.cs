using PullDoctor.Cli;

namespace PullDoctor.Tests.CommandLine;

/// <summary>
/// The last-resort handler (src/PullDoctor/UnhandledExceptions.cs): an exception on a thread no verb can catch is
/// reported as one line on stderr with the internal-error exit code, not the runtime's stack trace. The product has
/// no hook to throw on demand, so the report is tested with a real exception thrown on a background thread and
/// handed to it as the runtime's handler would.
/// </summary>
public sealed class UnhandledExceptionTests
{
    [Test]
    public void ExceptionFromABackgroundThread_OneLineAndExit1_NoStackTrace()
    {
        Exception? thrown = null;
        var thread = new Thread(() =>
        {
            try
            {
                throw new InvalidOperationException("thrown on a background thread\nwith a second line \u001b[31m");
            }
            catch (InvalidOperationException ex)
            {
                thrown = ex;
            }
        });
        thread.Start();
        Assert.That(thread.Join(TimeSpan.FromSeconds(10)), Is.True);
        using var stderr = new StringWriter { NewLine = "\n" };

        var exitCode = UnhandledExceptions.Report(thrown!, stderr);

        Assert.Multiple(() =>
        {
            Assert.That(thrown!.StackTrace, Is.Not.Null, "a real exception, with a stack trace to leave out");
            Assert.That(exitCode, Is.EqualTo(1));
            Assert.That(stderr.ToString(), Does.StartWith("pulldoctor: internal error: InvalidOperationException: thrown on a background thread"));
            Assert.That(stderr.ToString().TrimEnd('\n'), Does.Not.Contain("\n").And.Not.Contain("\u001b"), "one line, no terminal escapes");
            Assert.That(stderr.ToString(), Does.Not.Contain("   at "), "no stack trace");
        });
    }

    [Test]
    public void NonExceptionObject_OneLineAndExit1()
    {
        using var stderr = new StringWriter { NewLine = "\n" };

        var exitCode = UnhandledExceptions.Report("a string", stderr);

        Assert.That((exitCode, stderr.ToString()), Is.EqualTo((1, "pulldoctor: internal error: a non-exception object was thrown\n")));
    }
}
