using PullDoctor.Core.Classification;
using PullDoctor.Core.Kubernetes;
using PullDoctor.Core.References;
using PullDoctor.Core.Text;

namespace PullDoctor.Core.Remediation;

/// <summary>
/// The gate every fact and context value passes before advice is written: values from outside (runtime messages,
/// registry answers, pod specs) are kept only when they match their grammar (a tag, a host, a platform, a Kubernetes
/// name) and free text is cleaned and bounded. Advice therefore never shows, let alone suggests, a value that
/// could not be what it claims to be; what fails its grammar becomes unknown (a placeholder in commands).
/// </summary>
internal static class AdviceInput
{
    public const int MaxSuggestedTags = 5;
    public const int MaxPlatforms = 16;
    public const int MaxPullSecrets = 16;
    public const int MaxImageLength = 512;
    public const int MaxRegistryTextLength = 300;
    public const int MaxRuntimeErrorLength = 1024;

    public static PullFacts Trusted(PullFacts facts) => facts with
    {
        Image = UntrustedText.Clean(facts.Image, MaxImageLength),
        RegistryHost = ReferenceGrammar.IsHost(facts.RegistryHost) ? facts.RegistryHost : null,
        Repository = UntrustedText.Clean(facts.Repository, MaxImageLength),
        Tag = ReferenceGrammar.IsTag(facts.Tag) ? facts.Tag : null,
        Digest = ReferenceGrammar.IsDigest(facts.Digest) ? facts.Digest : null,
        DnsName = ReferenceGrammar.IsHost(facts.DnsName) ? facts.DnsName : null,
        DnsServer = ReferenceGrammar.IsHost(facts.DnsServer) ? facts.DnsServer : null,
        ProxyAddress = ReferenceGrammar.IsHost(facts.ProxyAddress) ? facts.ProxyAddress : null,
        Platform = ReferenceGrammar.IsPlatform(facts.Platform) ? facts.Platform : null,
        RegistryMessage = UntrustedText.Clean(facts.RegistryMessage, MaxRegistryTextLength),
        TlsProblem = UntrustedText.Clean(facts.TlsProblem, MaxRegistryTextLength),
        SecretNames = [.. facts.SecretNames.Where(ObjectNames.IsDnsSubdomain).Take(MaxPullSecrets)],
        RuntimeError = UntrustedText.Clean(facts.RuntimeError, MaxRuntimeErrorLength),
        AdmissionWebhook = ObjectNames.IsDnsSubdomain(facts.AdmissionWebhook) ? facts.AdmissionWebhook : null,
    };

    public static RemediationContext Trusted(RemediationContext context) => context with
    {
        Namespace = ObjectNames.IsDnsLabel(context.Namespace) ? context.Namespace : null,
        PodName = ObjectNames.IsDnsSubdomain(context.PodName) ? context.PodName : null,
        Workload = context.Workload is { } w && ObjectNames.IsKind(w.Kind) && ObjectNames.IsDnsSubdomain(w.Name)
            ? w with
            {
                Via = ObjectNames.IsDnsSubdomain(w.Via) ? w.Via : null,
                RunningReplicaSet = ObjectNames.IsDnsSubdomain(w.RunningReplicaSet) && w.RunningReadyPods > 0 ? w.RunningReplicaSet : null,
                RunningReadyPods = w.RunningReadyPods is > 0 ? w.RunningReadyPods : null,
                ApiVersion = w.ApiVersion is { Length: <= 316 } v && IsApiVersion(v) ? v : null,
            }
            : null,
        ContainerName = ObjectNames.IsDnsLabel(context.ContainerName) ? context.ContainerName : null,
        ServiceAccountName = ObjectNames.IsDnsSubdomain(context.ServiceAccountName) ? context.ServiceAccountName : null,
        PullSecrets = [.. context.PullSecrets.Take(MaxPullSecrets).Select(p => p with
        {
            Name = UntrustedText.Clean(p.Name, ObjectNames.MaxSubdomainLength)!,
            Detail = UntrustedText.Clean(p.Detail, MaxRegistryTextLength),
        })],
        SuggestedTags = [.. context.SuggestedTags.Where(ReferenceGrammar.IsTag).Distinct(StringComparer.Ordinal).Take(MaxSuggestedTags)],
        AvailablePlatforms = [.. context.AvailablePlatforms.Where(ReferenceGrammar.IsPlatform).Distinct(StringComparer.Ordinal).Take(MaxPlatforms)],
        NodePlatform = ReferenceGrammar.IsPlatform(context.NodePlatform) ? context.NodePlatform : null,
        NodeName = ObjectNames.IsDnsSubdomain(context.NodeName) ? context.NodeName : null,
        RateLimitReset = UntrustedText.Clean(context.RateLimitReset, 64),
        Registry = Registries.RegistryCatalog.Revalidate(context.Registry),
    };

    // group/version or version: DNS subdomain group, DNS label version (as the API server requires of owners).
    private static bool IsApiVersion(string value) =>
        value.Split('/') switch
        {
            [var version] => ObjectNames.IsDnsLabel(version),
            [var group, var version] => ObjectNames.IsDnsSubdomain(group) && ObjectNames.IsDnsLabel(version),
            _ => false,
        };
}
