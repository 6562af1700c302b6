using System.CommandLine;
using PullDoctor.Operator.Hosting;

namespace PullDoctor.Cli.Commands;

/// <summary>
/// <c>pulldoctor run [--kubeconfig PATH] [--context NAME]</c>: the operator. Settings come from
/// <c>PULLDOCTOR_*</c> environment variables and are validated before anything starts.
/// </summary>
internal static class RunCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        var kubeconfig = new Option<string>("--kubeconfig") { Description = "Path of a kubeconfig; default: in-cluster, else $KUBECONFIG or ~/.kube/config." };
        var context = new Option<string>("--context") { Description = "The kubeconfig context to use." };
        var command = new Command(
            "run",
            "Run the operator: watch pods, keep an ImagePullDiagnosis per stuck pod, post Events. Settings: PULLDOCTOR_* environment variables (NAMESPACES, PROBE, USE_PULL_SECRETS, ALLOW_NETWORKS, DENY_NETWORKS, QPS, LEADER_ELECTION, LEASE_NAME, LEASE_NAMESPACE, PORT, ...).");
        command.Options.Add(kubeconfig);
        command.Options.Add(context);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            OperatorOptions options;
            k8s.KubernetesClientConfiguration configuration;
            try
            {
                options = OperatorOptionsReader.Read(OperatorOptionsReader.FromEnvironment());
                configuration = KubeConfigLoader.Load(parseResult.GetValue(kubeconfig), parseResult.GetValue(context));
            }
            catch (OptionsException ex)
            {
                await stderr.WriteLineAsync($"pulldoctor: {ex.Message}");
                return ExitCodes.UsageError;
            }

            await using var app = OperatorApp.Create(options, configuration);
            await app.RunAsync(cancellationToken);
            return ExitCodes.Success;
        });
        return command;
    }
}
