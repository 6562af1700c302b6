using System.CommandLine;

namespace PullDoctor.Cli;

/// <summary>
/// The verbs of <c>pulldoctor</c>. Parse errors are usage errors (exit 2, one line on stderr),
/// and no exception reaches the user as a stack trace (exit 1).
/// </summary>
internal static class CommandLine
{
    public static async Task<int> RunAsync(string[] args, TextReader stdin, TextWriter stdout, TextWriter stderr)
    {
        var root = new RootCommand("PullDoctor: why a pod is stuck in ErrImagePull / ImagePullBackOff, and the fix.");
        root.Subcommands.Add(Commands.RunCommand.Create(stdout, stderr));
        root.Subcommands.Add(Commands.ExplainCommand.Create(stdin, stdout, stderr));
        root.Subcommands.Add(Commands.DiagnoseCommand.Create(stdout, stderr));

        var parseResult = root.Parse(args);
        if (parseResult.Errors.Count > 0)
        {
            // One line: System.CommandLine lists allowed values on separate lines.
            var message = string.Join(' ', parseResult.Errors[0].Message.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
            await stderr.WriteLineAsync($"pulldoctor: {message} (see 'pulldoctor --help')");
            return ExitCodes.UsageError;
        }

        try
        {
            // No termination timeout: `run` shuts down through the host's own SIGTERM handling, which
            // needs longer than System.CommandLine's default two seconds to release the Lease.
            return await parseResult.InvokeAsync(new InvocationConfiguration { Output = stdout, Error = stderr, ProcessTerminationTimeout = null });
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await stderr.WriteLineAsync($"pulldoctor: internal error: {ex.Message}");
            return ExitCodes.InternalError;
        }
    }
}
