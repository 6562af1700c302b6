using System.CommandLine;
using PullDoctor.Cli.Commands.Diagnose;
using PullDoctor.Cli.Input;
using PullDoctor.Diagnosis;
using PullDoctor.Operator.Diagnosis;
using PullDoctor.Operator.Hosting;
using PullDoctor.Operator.Kube;
using PullDoctor.Registry.Caching;
using PullDoctor.Registry.Network;
using PullDoctor.Registry.Probe;

namespace PullDoctor.Cli.Commands;

/// <summary>
/// <c>pulldoctor diagnose pod NAME [-n NAMESPACE] [--kubeconfig PATH] [--context NAME] [-o text|json]</c>: the
/// operator's analysis of one pod through the current kubeconfig, printed; it writes nothing to the cluster.
/// Exit 3 when the pod is stuck pulling an image, 0 when it is not.
/// </summary>
internal static class DiagnosePodCommand
{
    private const string Name = "pod";

    /// <summary>Whether <paramref name="command"/> is <c>diagnose pod</c>.</summary>
    public static bool Is(Command command) =>
        command is { Name: Name } && command.Parents.OfType<Command>().Any(p => p.Name == "diagnose");

    /// <summary>
    /// The generated help of <c>diagnose pod</c> with its real usage: without the parent's IMAGE argument, which
    /// <c>diagnose pod NAME</c> does not take.
    /// </summary>
    public static string CorrectHelp(string help)
    {
        ArgumentNullException.ThrowIfNull(help);
        var lines = help.Replace("diagnose <IMAGE> pod <NAME>", "diagnose pod <NAME>", StringComparison.Ordinal)
            .Split('\n')
            .Where(l => !l.TrimStart().StartsWith("<IMAGE>", StringComparison.Ordinal))
            .Select(l => System.Text.RegularExpressions.Regex.Replace(l, @"^  <NAME>\s+", "  <NAME>  "));
        return string.Join('\n', lines);
    }

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        var name = new Argument<string>("NAME") { Description = "The pod's name." };
        var ns = new Option<string>("--namespace", "-n") { Description = "The pod's namespace; default: the kubeconfig context's, else default." };
        var kubeconfig = new Option<string>("--kubeconfig") { Description = "Path of a kubeconfig; default: $KUBECONFIG or ~/.kube/config." };
        var context = new Option<string>("--context") { Description = "The kubeconfig context to use." };
        var output = new Option<string>("--output", "-o") { Description = "text or json.", DefaultValueFactory = _ => "text" };
        output.AcceptOnlyFromAmong("text", "json");
        var noProbe = new Option<bool>("--no-probe") { Description = "Do not ask the registry; classify from the pod's messages only." };
        var command = new Command(Name, "The operator's full analysis of one pod through the current kubeconfig, without installing anything.");
        command.Arguments.Add(name);
        command.Options.Add(ns);
        command.Options.Add(kubeconfig);
        command.Options.Add(context);
        command.Options.Add(output);
        command.Options.Add(noProbe);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            // Names are checked before anything is read or requested; InputException and OptionsException become
            // one line on stderr and exit 2 in CommandLine.
            var podName = KubernetesNames.RequirePodName(parseResult.GetValue(name) ?? string.Empty);
            var explicitNamespace = parseResult.GetValue(ns) is { } given ? KubernetesNames.RequireNamespace(given) : null;
            await KubeconfigFiles.CheckAsync(parseResult.GetValue(kubeconfig), cancellationToken);
            var configuration = KubeConfigLoader.Load(parseResult.GetValue(kubeconfig), parseResult.GetValue(context));
            var namespaceName = KubernetesNames.RequireNamespace(explicitNamespace ?? configuration.Namespace ?? "default");
            using var client = new k8s.Kubernetes(configuration);
            var reader = new TolerantClusterReader(new KubeClusterReader(client));
            k8s.Models.V1Pod? pod;
            try
            {
                pod = await reader.GetPodAsync(namespaceName, podName, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                await stderr.WriteLineAsync($"pulldoctor: cannot read pod {namespaceName}/{podName}: {OneLine(ex)}");
                return ExitCodes.InternalError;
            }

            if (pod is null)
            {
                await stderr.WriteLineAsync($"pulldoctor: pod {namespaceName}/{podName} not found");
                return ExitCodes.UsageError;
            }

            var time = TimeProvider.System;
            using var registryProbe = parseResult.GetValue(noProbe) ? null : RegistryProbes.Create(new RegistryProbeOptions { NetworkPolicy = NetworkPolicy.CommandLine }, time);
            var snapshot = PodProjection.Project(pod);
            Operator.Crds.ImagePullDiagnosisStatus? status;
            try
            {
                status = await StatusAsync(reader, registryProbe, snapshot, time, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                await stderr.WriteLineAsync($"pulldoctor: cannot analyze pod {namespaceName}/{podName}: {OneLine(ex)}");
                return ExitCodes.InternalError;
            }

            await stdout.WriteAsync(parseResult.GetValue(output) == "json" ? PodReport.Json(snapshot, status) + "\n" : PodReport.Text(snapshot, status));
            return status is null ? ExitCodes.Success : ExitCodes.PullProblemDiagnosed;
        });
        return command;
    }

    /// <summary>
    /// The status the operator would write for a first look at the pod (null when it is not stuck): the operator's
    /// analysis (<see cref="PodAnalyzers.Create"/>), with secrets read as the person's own credentials allow.
    /// </summary>
    internal static async Task<Operator.Crds.ImagePullDiagnosisStatus?> StatusAsync(IClusterReader reader, IRegistryProbe? probe, PodSnapshot pod, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!pod.IsStuck)
        {
            return null;
        }

        var analyzer = PodAnalyzers.Create(reader, probe, time, readSecrets: true);
        return StatusBuilder.Failing(await analyzer.AnalyzeAsync(pod, cancellationToken), null, time.GetUtcNow(), null);
    }

    private static string OneLine(Exception ex) =>
        (KubeErrors.StatusCode(ex) is { } code ? $"HTTP {code}: " : string.Empty) + ex.Message.ReplaceLineEndings(" ");
}
