using PullDoctor.Core.References;

namespace PullDoctor.Core.Remediation;

/// <summary>
/// Ready-to-run kubectl commands for a context. Unknown parts become &lt;placeholders&gt; so the
/// command is still correct once a person fills them in; secret values are always placeholders.
/// </summary>
internal sealed class KubectlCommands(RemediationContext context)
{
    public const string DefaultSecretName = "regcred";

    public string Namespace => context.Namespace ?? "<namespace>";

    public string Container => context.ContainerName ?? "<container>";

    /// <summary>The object whose pod template (or, for a bare pod, the pod) a person edits.</summary>
    public string Target => context.Workload?.KubectlName ?? (context.PodName is null ? "<workload>" : $"pod/{context.PodName}");

    public string ServiceAccount => context.ServiceAccountName ?? "default";

    public string SetImage(string image) => $"kubectl -n {Namespace} set image {Target} {Container}={image}";

    public string CreatePullSecret(string registryServer, string name = DefaultSecretName) =>
        $"kubectl -n {Namespace} create secret docker-registry {name} --docker-server={registryServer} --docker-username=<username> --docker-password=<password>";

    /// <summary>
    /// Adds a pull secret to the workload's pod template; strategic merge keys imagePullSecrets by
    /// name, so existing entries stay. A bare pod cannot change its imagePullSecrets, so it goes
    /// through the service account instead.
    /// </summary>
    public string AttachPullSecret(string name = DefaultSecretName) =>
        context.Workload is { } workload && !workload.Kind.Equals("Pod", StringComparison.OrdinalIgnoreCase)
            ? $"kubectl -n {Namespace} patch {workload.KubectlName} -p '{{\"spec\":{{\"template\":{{\"spec\":{{\"imagePullSecrets\":[{{\"name\":\"{name}\"}}]}}}}}}}}'"
            : PatchServiceAccount(name);

    public string PatchServiceAccount(string name = DefaultSecretName) =>
        $"kubectl -n {Namespace} patch serviceaccount {ServiceAccount} -p '{{\"imagePullSecrets\":[{{\"name\":\"{name}\"}}]}}'";

    public string DescribePod => $"kubectl -n {Namespace} describe pod {context.PodName ?? "<pod>"}";

    public string RolloutRestart => $"kubectl -n {Namespace} rollout restart {Target}";

    public string DeletePod => $"kubectl -n {Namespace} delete pod {context.PodName ?? "<pod>"}";

    /// <summary>The server name <c>kubectl create secret docker-registry</c> must be given for a host.</summary>
    public static string RegistryServer(string host) =>
        host is DockerHub.Domain or DockerHub.RegistryHost or DockerHub.LegacyDomain ? DockerHub.ConfigKey : host;
}
