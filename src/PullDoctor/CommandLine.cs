using System.CommandLine;
using PullDoctor.Cli.Terminal;

namespace PullDoctor.Cli;

/// <summary>
/// The verbs of <c>pulldoctor</c>, and the two guarantees every one of them shares: all text reaches the terminal
/// through <see cref="TerminalSafeWriter"/>, and every failure ends as one line on stderr with the SPEC §6 exit code
/// (<see cref="CommandFailure"/>): parse errors and bad input exit 2, anything unexpected exits 1.
/// </summary>
internal static class CommandLine
{
    public static async Task<int> RunAsync(string[] args, Stream stdin, TextWriter stdout, TextWriter stderr)
    {
        var output = new TerminalSafeWriter(stdout, TerminalSafeWriter.NewlinePolicy.Pass);
        var errors = new TerminalSafeWriter(stderr, TerminalSafeWriter.NewlinePolicy.OnlyEndOfLine);
        try
        {
            return await ParseAndInvokeAsync(args, stdin, output, errors);
        }
        catch (Exception ex)
        {
            var (exitCode, line) = CommandFailure.Describe(ex);
            await errors.WriteLineAsync(line);
            return exitCode;
        }
        finally
        {
            await output.FlushAsync();
            await errors.FlushAsync();
        }
    }

    private static async Task<int> ParseAndInvokeAsync(string[] args, Stream stdin, TextWriter stdout, TextWriter stderr)
    {
        var root = new RootCommand("PullDoctor: why a pod is stuck in ErrImagePull / ImagePullBackOff, and the fix.");
        root.Subcommands.Add(Commands.RunCommand.Create());
        root.Subcommands.Add(Commands.ExplainCommand.Create(stdin, stdout, stderr));
        root.Subcommands.Add(Commands.DiagnoseCommand.Create(stdin, stdout, stderr));

        var parseResult = root.Parse(args);
        if (parseResult.Errors.Count > 0)
        {
            await stderr.WriteLineAsync($"pulldoctor: {UsageErrors.Describe(root, args, parseResult)} (see 'pulldoctor --help')");
            return ExitCodes.UsageError;
        }

        // System.CommandLine writes a subcommand's usage with its parent's arguments ("diagnose <IMAGE> pod <NAME>"),
        // which is not how diagnose pod is called: its help is rendered, then corrected.
        if (parseResult.Action is System.CommandLine.Help.HelpAction && Commands.DiagnosePodCommand.Is(parseResult.CommandResult.Command))
        {
            using var help = new StringWriter();
            var code = await parseResult.InvokeAsync(new InvocationConfiguration { Output = help, Error = stderr, EnableDefaultExceptionHandler = false });
            await stdout.WriteAsync(Commands.DiagnosePodCommand.CorrectHelp(help.ToString()));
            return code;
        }

        // The default exception handler prints a stack trace and exits 1; exceptions come to RunAsync instead.
        // No termination timeout: `run` shuts down through the host's own SIGTERM handling, which needs longer than
        // System.CommandLine's default two seconds to release the Lease.
        return await parseResult.InvokeAsync(new InvocationConfiguration
        {
            Output = stdout,
            Error = stderr,
            EnableDefaultExceptionHandler = false,
            ProcessTerminationTimeout = null,
        });
    }
}
