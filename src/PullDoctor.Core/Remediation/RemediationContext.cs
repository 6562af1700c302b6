namespace PullDoctor.Core.Remediation;

/// <summary>
/// What is known about where the failing image is used, so commands can name the real namespace,
/// workload and container. Everything is optional: unknown parts become placeholders like &lt;namespace&gt;.
/// </summary>
public sealed record RemediationContext
{
    public static readonly RemediationContext Empty = new();

    public string? Namespace { get; init; }

    public string? PodName { get; init; }

    public WorkloadReference? Workload { get; init; }

    public string? ContainerName { get; init; }

    /// <summary>Which list of the pod spec the container is in.</summary>
    public ContainerKind ContainerKind { get; init; } = ContainerKind.Container;

    public string? ServiceAccountName { get; init; }

    /// <summary>The effective pull secrets and their states.</summary>
    public IReadOnlyList<PullSecretStatus> PullSecrets { get; init; } = [];

    /// <summary>Whether credentials were sent to the registry (null when unknown).</summary>
    public bool? CredentialsSent { get; init; }

    /// <summary>Nearest existing tags, best first.</summary>
    public IReadOnlyList<string> SuggestedTags { get; init; } = [];

    /// <summary>Platforms the image does exist for, e.g. <c>linux/arm64</c>.</summary>
    public IReadOnlyList<string> AvailablePlatforms { get; init; } = [];

    /// <summary>The node the pod was scheduled to.</summary>
    public string? NodeName { get; init; }

    /// <summary>The node's platform, e.g. <c>linux/amd64</c>.</summary>
    public string? NodePlatform { get; init; }

    /// <summary>When a rate limit resets, in words (e.g. "in 2h 13m"), when the registry said.</summary>
    public string? RateLimitReset { get; init; }

    /// <summary>
    /// The known registry of the image when it was recognised by its answer rather than its host (e.g. the probe saw
    /// ECR's challenge); null: recognised from the image's host, if at all.
    /// </summary>
    public Registries.RegistryMatch? Registry { get; init; }

    /// <summary>
    /// True when the pod has pull secrets whose content was not read (reading secrets is off): whether one applies to
    /// the registry is unknown, so only a registry's fixes for any auth path are offered.
    /// </summary>
    public bool PullSecretsUnknown { get; init; }

    /// <summary>True when the failure is the sandbox (pause) image: the fix is on the node's runtime.</summary>
    public bool IsSandboxImage { get; init; }
}
