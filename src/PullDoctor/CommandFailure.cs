using PullDoctor.Cli.Input;
using PullDoctor.Operator.Hosting;

namespace PullDoctor.Cli;

/// <summary>
/// Turns whatever a verb throws into what SPEC §6 promises: one line on stderr and the documented exit code.
/// Bad input (<see cref="InputException"/>, or an <see cref="OptionsException"/> from settings and kubeconfig) is a
/// usage error, exit 2; anything else is a bug or an environment failure, exit 1 as "internal error", never a stack trace.
/// </summary>
internal static class CommandFailure
{
    // A message that quotes a huge value is still one readable line.
    private const int MaxMessageLength = 1000;

    public static (int ExitCode, string Line) Describe(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception switch
        {
            InputException or OptionsException => (ExitCodes.UsageError, $"pulldoctor: {OneLine(exception.Message)}"),
            OperationCanceledException => (ExitCodes.InternalError, "pulldoctor: cancelled"),
            _ => (ExitCodes.InternalError, $"pulldoctor: internal error: {OneLine(exception.GetType().Name + ": " + exception.Message)}"),
        };
    }

    private static string OneLine(string message)
    {
        var line = message.ReplaceLineEndings(" ").Trim();
        return line.Length <= MaxMessageLength ? line : line[..MaxMessageLength] + "…";
    }
}
