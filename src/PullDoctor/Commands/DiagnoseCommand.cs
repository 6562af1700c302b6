using System.CommandLine;

namespace PullDoctor.Cli.Commands;

/// <summary>
/// <c>pulldoctor diagnose IMAGE</c> (registry probe) and <c>pulldoctor diagnose pod NAME</c>
/// (the operator's analysis of one pod). Placeholder until the registry probe lands.
/// </summary>
internal static class DiagnoseCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        var command = new Command("diagnose", "Probe a registry for one image and explain the result.");
        var image = new Argument<string>("IMAGE") { Description = "The image reference, e.g. nginx:1.25" };
        command.Arguments.Add(image);
        command.SetAction(_ =>
        {
            stderr.WriteLine("pulldoctor: diagnose is not implemented yet");
            return ExitCodes.InternalError;
        });
        return command;
    }
}
