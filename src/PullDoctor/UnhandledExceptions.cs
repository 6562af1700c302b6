using PullDoctor.Cli.Terminal;

namespace PullDoctor.Cli;

/// <summary>
/// The last resort for an exception no verb can catch (thrown on a thread of its own, e.g. a timer or a background
/// service of <c>run</c>): the runtime would print it with its stack trace. The handler runs before that, prints the
/// one <see cref="CommandFailure"/> line and exits with its code, so even then stderr gets one line.
/// </summary>
internal static class UnhandledExceptions
{
    /// <summary>
    /// A hidden test hook: with this variable set to <c>thread</c>, the process throws on a thread of its own right
    /// after the handler is in place (and the main thread waits for it), so a test can see what a user would.
    /// </summary>
    public const string TestHookVariable = "PULLDOCTOR_TEST_UNHANDLED_EXCEPTION";

    /// <summary>Runs the test hook when <see cref="TestHookVariable"/> asks for it; otherwise does nothing.</summary>
    public static void ThrowIfTestHookAsks()
    {
        if (Environment.GetEnvironmentVariable(TestHookVariable) != "thread")
        {
            return;
        }

        var thread = new Thread(() => throw new InvalidOperationException("thrown on a background thread by the test hook")) { IsBackground = true };
        thread.Start();
        thread.Join();
    }

    public static void RouteTo(TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(stderr);
        AppDomain.CurrentDomain.UnhandledException += (_, e) =>
        {
            var (exitCode, line) = e.ExceptionObject is Exception ex
                ? CommandFailure.Describe(ex)
                : (ExitCodes.InternalError, "pulldoctor: internal error: a non-exception object was thrown");
            try
            {
                var errors = new TerminalSafeWriter(stderr, TerminalSafeWriter.NewlinePolicy.OnlyEndOfLine);
                errors.WriteLine(line);
                errors.Flush();
            }
            finally
            {
                Environment.Exit(exitCode);
            }
        };
    }
}
