using System.CommandLine;

namespace PullDoctor.Cli.Commands;

/// <summary><c>pulldoctor explain [FILE|-] [-o text|json]</c>: classify messages without a cluster.</summary>
internal static class ExplainCommand
{
    public static Command Create(TextReader stdin, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(stdin);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        var command = new Command("explain", "Classify kubelet/runtime messages without a cluster.");
        command.SetAction(_ => ExitCodes.InternalError);
        return command;
    }
}
