using PullDoctor.Core.Causes;
using PullDoctor.Core.Classification;
using PullDoctor.Registry.Http;
using PullDoctor.Registry.Network;

namespace PullDoctor.Registry.Probe;

/// <summary>
/// What the registry said about an image, as evidence a person can check. Contains no secret material: evidence
/// names whether credentials were sent, never what they were.
/// </summary>
public sealed record ProbeResult
{
    public required ProbeVerdict Verdict { get; init; }

    /// <summary>Why a pull would fail; null when pullable or inconclusive.</summary>
    public CauseCode? Cause { get; init; }

    /// <summary>The reference probed, normalized (e.g. <c>docker.io/library/nginx:1.25</c>).</summary>
    public required string Reference { get; init; }

    /// <summary>The host the distribution API was asked on (e.g. <c>registry-1.docker.io</c>).</summary>
    public required string RegistryHost { get; init; }

    /// <summary>The HTTP status that decided, when an HTTP answer decided.</summary>
    public int? HttpStatus { get; init; }

    public required DateTimeOffset CheckedAt { get; init; }

    public TimeSpan Duration { get; init; }

    /// <summary>One sentence: what the probe found.</summary>
    public required string Detail { get; init; }

    /// <summary>Each request and its answer, in order.</summary>
    public IReadOnlyList<ProbeStep> Steps { get; init; } = [];

    /// <summary>The registry's error code, e.g. <c>MANIFEST_UNKNOWN</c>.</summary>
    public string? RegistryErrorCode { get; init; }

    /// <summary>The registry's own words (error message, token server's details).</summary>
    public string? RegistryMessage { get; init; }

    /// <summary>Nearest existing tags, best first, at most five (TagNotFound).</summary>
    public IReadOnlyList<string> SuggestedTags { get; init; } = [];

    /// <summary>Platforms the image exists for, when it is an index.</summary>
    public IReadOnlyList<string> AvailablePlatforms { get; init; } = [];

    /// <summary>The platform asked for.</summary>
    public string? Platform { get; init; }

    /// <summary>The digest of the top-level manifest, when the registry served one.</summary>
    public string? Digest { get; init; }

    public string? MediaType { get; init; }

    /// <summary>How many tags the repository has (TagNotFound), as far as listed.</summary>
    public int? TagCount { get; init; }

    public RateLimitInfo? RateLimit { get; init; }

    /// <summary>"resets in 2h 13m" and the like.</summary>
    public string? RateLimitReset => RateLimit?.ResetText;

    public TlsProblemKind? TlsProblem { get; init; }

    /// <summary>
    /// True when the network guard refused to connect (link-local, metadata, a denied network, or a redirect or token
    /// realm to a more private address): a policy decision, not a registry's answer.
    /// </summary>
    public bool RefusedByPolicy { get; init; }

    /// <summary>The host name that did not resolve.</summary>
    public string? DnsName { get; init; }

    /// <summary>Whether credentials (or a token obtained with them) were sent to the registry.</summary>
    public bool CredentialsSent { get; init; }

    /// <summary>
    /// The registry its answer identifies, by its host or its <c>WWW-Authenticate</c> challenge (realm, service):
    /// e.g. ECR's Basic realm on a mirror's or a recording's host. Null when no table knows it.
    /// </summary>
    public Core.Registries.RegistryMatch? Registry { get; init; }

    /// <summary>True when served from the cache rather than asked now.</summary>
    public bool FromCache { get; init; }

    public bool IsPullable => Verdict == ProbeVerdict.Pullable;

    /// <summary>The observed facts in the form the classifier and advice writer use.</summary>
    public PullFacts ToFacts(string? image = null) => new()
    {
        Image = image ?? Reference,
        RegistryHost = RegistryHost,
        Repository = RepositoryOf(Reference),
        HttpStatus = HttpStatus,
        DnsName = DnsName,
        Platform = Platform,
        RegistryMessage = RegistryMessage,
        TlsProblem = TlsProblem is null ? null : Detail,
        RuntimeError = Detail,
    };

    private static string? RepositoryOf(string reference)
    {
        var slash = reference.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return null;
        }

        var rest = reference[(slash + 1)..];
        var at = rest.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            rest = rest[..at];
        }

        var colon = rest.LastIndexOf(':');
        return colon > rest.LastIndexOf('/') ? rest[..colon] : rest;
    }
}
