using PullDoctor.Cli.Terminal;

namespace PullDoctor.Cli;

/// <summary>
/// The last resort for an exception no verb can catch (thrown on a thread of its own, e.g. a timer or a background
/// service of <c>run</c>): the runtime would print it with its stack trace. The handler runs before that, prints the
/// one <see cref="CommandFailure"/> line and exits with its code, so even then stderr gets one line.
/// </summary>
internal static class UnhandledExceptions
{
    public static void RouteTo(TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(stderr);
        AppDomain.CurrentDomain.UnhandledException += (_, e) => Environment.Exit(Report(e.ExceptionObject, stderr));
    }

    /// <summary>Writes the one line for what was thrown and returns the exit code; never throws itself.</summary>
    internal static int Report(object exceptionObject, TextWriter stderr)
    {
        var (exitCode, line) = exceptionObject is Exception ex
            ? CommandFailure.Describe(ex)
            : (ExitCodes.InternalError, "pulldoctor: internal error: a non-exception object was thrown");
        try
        {
            var errors = new TerminalSafeWriter(stderr, TerminalSafeWriter.NewlinePolicy.OnlyEndOfLine);
            errors.WriteLine(line);
            errors.Flush();
        }
        catch (IOException)
        {
            // stderr is gone (a closed pipe): the exit code is all that is left to say it.
        }

        return exitCode;
    }
}
