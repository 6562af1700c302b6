using PullDoctor.Core.Kubernetes;
using PullDoctor.Core.References;

namespace PullDoctor.Core.Remediation;

/// <summary>
/// Ready-to-run kubectl commands for a context. Unknown parts become &lt;placeholders&gt; so the
/// command is still correct once a person fills them in; secret values are always placeholders.
/// Every value is checked against its grammar (by <see cref="AdviceInput"/> and here) and shell-quoted when it
/// needs to be, so a command is safe to paste whatever the pod spec or the registry said.
/// </summary>
internal sealed class KubectlCommands(RemediationContext context)
{
    public const string DefaultSecretName = "regcred";

    public string Namespace => context.Namespace is { } ns ? ShellQuoting.Quote(ns) : "<namespace>";

    public string Container => context.ContainerName is { } name ? ShellQuoting.Quote(name) : "<container>";

    /// <summary>The object whose pod template (or, for a bare pod, the pod) a person edits.</summary>
    public string Target => context.Workload is { } workload ? ShellQuoting.Quote(workload.KubectlName)
        : context.PodName is { } pod ? ShellQuoting.Quote($"pod/{pod}") : "<workload>";

    public string ServiceAccount => ShellQuoting.Quote(context.ServiceAccountName ?? "default");

    /// <summary>
    /// <c>kubectl set image</c> to <paramref name="image"/>: a reference that parses (quoted if it must be), or a
    /// template of the code's own placeholders such as <c>&lt;image&gt;:&lt;tag&gt;</c>.
    /// </summary>
    public string SetImage(string image) =>
        $"kubectl -n {Namespace} set image {Target} {Container}={(ImageReference.TryParse(image, out _) ? ShellQuoting.Quote(image) : Placeholder(image))}";

    /// <summary>
    /// Creates the docker-registry secret, or updates it when it exists (rendered client-side, then applied): one
    /// command for "create" and "recreate with new credentials", which never leaves the namespace without the secret.
    /// </summary>
    public string CreatePullSecret(string registryServer, string? name = DefaultSecretName) =>
        $"kubectl -n {Namespace} create secret docker-registry {SecretName(name)} --docker-server={Server(registryServer)} --docker-username=<username> --docker-password=<password> --dry-run=client -o yaml | kubectl apply -f -";

    public string PatchServiceAccount(string? name = DefaultSecretName) =>
        $"kubectl -n {Namespace} patch serviceaccount {ServiceAccount} -p {ShellQuoting.Quote($"{{\"imagePullSecrets\":[{{\"name\":\"{(ObjectNames.IsDnsSubdomain(name) ? name : "<secret-name>")}\"}}]}}")}";

    public string DescribePod => $"kubectl -n {Namespace} describe pod {PodName}";

    public string DeletePod => $"kubectl -n {Namespace} delete pod {PodName}";

    public string DeleteJob(string job) => $"kubectl -n {Namespace} delete job {(ObjectNames.IsDnsSubdomain(job) ? ShellQuoting.Quote(job) : "<job>")}";

    public string DeleteSecret(string? name) => $"kubectl -n {Namespace} delete secret {SecretName(name)}";

    /// <summary>A secret name for a command: a valid Secret name (quoted if need be), else the placeholder.</summary>
    public static string SecretName(string? name) => ObjectNames.IsDnsSubdomain(name) ? ShellQuoting.Quote(name!) : "<secret-name>";

    /// <summary>A registry host as a command argument: grammar-checked and quoted, else the placeholder.</summary>
    public static string Server(string host) => ReferenceGrammar.IsHost(host) || host == DockerHub.ConfigKey ? ShellQuoting.Quote(host) : "<registry-host>";

    /// <summary>The server name <c>kubectl create secret docker-registry</c> must be given for a host.</summary>
    public static string RegistryServer(string host) =>
        host is DockerHub.Domain or DockerHub.RegistryHost or DockerHub.LegacyDomain ? DockerHub.ConfigKey : host;

    public string PodName => context.PodName is { } pod ? ShellQuoting.Quote(pod) : "<pod>";

    // The code's own templates ("<registry-host>/<repository>:<tag>") hold only placeholders and grammar-checked
    // parts; anything else that does not parse is not offered.
    private static string Placeholder(string template) =>
        template.AsSpan().ContainsAnyExcept(TemplateCharacters) ? "<image>" : template;

    private static readonly System.Buffers.SearchValues<char> TemplateCharacters = System.Buffers.SearchValues.Create(
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<>@:./_-");
}
