namespace PullDoctor.Core.Classification;

/// <summary>
/// What a message states (or a probe observed) about a failed pull. Every member is optional: a
/// fact is only set when the text says it, so explanations never invent detail.
/// </summary>
public sealed record PullFacts
{
    public static readonly PullFacts None = new();

    /// <summary>The image as the kubelet quoted it.</summary>
    public string? Image { get; init; }

    /// <summary>The registry host (with port) the runtime talked to or tried to resolve.</summary>
    public string? RegistryHost { get; init; }

    /// <summary>The repository path, e.g. <c>library/nginx</c>, when known.</summary>
    public string? Repository { get; init; }

    public string? Tag { get; init; }

    public string? Digest { get; init; }

    /// <summary>The HTTP status the registry answered, when the message carries it.</summary>
    public int? HttpStatus { get; init; }

    /// <summary>The name that did not resolve.</summary>
    public string? DnsName { get; init; }

    /// <summary>The DNS server asked, e.g. <c>10.96.0.10:53</c> (cluster DNS).</summary>
    public string? DnsServer { get; init; }

    /// <summary>
    /// True when the DNS server never answered the lookup (<c>lookup H on S: read udp …: i/o timeout</c>):
    /// the resolver is unreachable or overloaded, which is not a name that does not exist.
    /// </summary>
    public bool DnsLookupTimedOut { get; init; }

    /// <summary>
    /// True when the failure happened on the way to the runtime's HTTP(S) proxy (Go's <c>proxyconnect tcp: …</c>):
    /// the registry itself was never reached.
    /// </summary>
    public bool ViaProxy { get; init; }

    /// <summary>The proxy as the message names it (the address dialed, or the name looked up), when it does.</summary>
    public string? ProxyAddress { get; init; }

    /// <summary>The platform asked for, e.g. <c>linux/arm64</c>, when the message names it.</summary>
    public string? Platform { get; init; }

    /// <summary>The registry's own words, e.g. Docker Hub's rate-limit sentence.</summary>
    public string? RegistryMessage { get; init; }

    /// <summary>Which TLS check failed, in plain words (unknown authority, expired, name mismatch).</summary>
    public string? TlsProblem { get; init; }

    /// <summary>Pull secret names the message mentions (FailedToRetrieveImagePullSecret).</summary>
    public IReadOnlyList<string> SecretNames { get; init; } = [];

    /// <summary>True when the failed pull is the sandbox (pause) image of FailedCreatePodSandBox.</summary>
    public bool IsSandboxImage { get; init; }

    /// <summary>
    /// True when the API server's admission chain (an image-policy webhook) refused the pod: the image
    /// was never pulled, and the fix is in the policy or the image's signature, not on the node.
    /// </summary>
    public bool RejectedAtAdmission { get; init; }

    /// <summary>The admission webhook that refused the pod, as the API server names it.</summary>
    public string? AdmissionWebhook { get; init; }

    /// <summary>The runtime's error without the kubelet's wrapper.</summary>
    public string? RuntimeError { get; init; }
}
