using System.CommandLine;
using PullDoctor.Cli.Input;
using PullDoctor.Operator.Hosting;

namespace PullDoctor.Cli.Commands;

/// <summary>
/// <c>pulldoctor run [--kubeconfig PATH] [--context NAME]</c>: the operator. Settings come from
/// <c>PULLDOCTOR_*</c> environment variables and are validated before anything starts.
/// </summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var kubeconfig = new Option<string>("--kubeconfig") { Description = "Path of a kubeconfig; default: in-cluster, else $KUBECONFIG or ~/.kube/config." };
        var context = new Option<string>("--context") { Description = "The kubeconfig context to use." };
        var command = new Command(
            "run",
            "Run the operator: watch pods, keep an ImagePullDiagnosis per stuck pod, post Events.\n\n"
            + "Settings are environment variables, validated before anything starts:\n"
            + OperatorOptionsReader.Help());
        command.Options.Add(kubeconfig);
        command.Options.Add(context);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            // OptionsException and InputException become one line on stderr and exit 2 in CommandLine.
            var options = OperatorOptionsReader.Read(OperatorOptionsReader.FromEnvironment());
            await KubeconfigFiles.CheckAsync(parseResult.GetValue(kubeconfig), cancellationToken);
            var configuration = KubeConfigLoader.Load(parseResult.GetValue(kubeconfig), parseResult.GetValue(context));

            await using var app = OperatorApp.Create(options, configuration);
            await app.RunAsync(cancellationToken);
            return ExitCodes.Success;
        });
        return command;
    }
}
