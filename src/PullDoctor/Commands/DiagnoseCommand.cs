using System.CommandLine;
using PullDoctor.Cli.Commands.Diagnose;

namespace PullDoctor.Cli.Commands;

/// <summary>
/// <c>pulldoctor diagnose IMAGE</c>: probe the image's registry and explain the result; <c>pulldoctor diagnose pod
/// NAME</c> is the <see cref="DiagnosePodCommand"/> subcommand.
/// </summary>
internal static class DiagnoseCommand
{
    public static Command Create(Stream stdin, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        var options = new DiagnoseImageOptions();
        var command = new Command("diagnose", "Probe a registry for one image and explain the result: the cause, the evidence and the fix.");
        options.AddTo(command);

        // "diagnose pod NAME" is the operator's analysis of one pod; a subcommand name wins over the IMAGE argument.
        command.Subcommands.Add(DiagnosePodCommand.Create(stdout, stderr));
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            // A bad argument or pull secret file throws InputException: one line on stderr and exit 2 in CommandLine.
            var settings = await DiagnoseSettings.FromAsync(parseResult, options, stdin, cancellationToken);
            return await new DiagnoseImageRunner(stdout, stderr).RunAsync(settings, cancellationToken);
        });
        return command;
    }
}
