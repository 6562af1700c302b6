using PullDoctor.Core.Causes;
using PullDoctor.Registry.Http;
using PullDoctor.Registry.Network;

namespace PullDoctor.Registry.Probe;

/// <summary>The conclusion of a probe session before timing, evidence and scrubbing are added.</summary>
internal sealed record ProbeOutcome(ProbeVerdict Verdict, CauseCode? Cause, string Detail)
{
    public RegistryResponse? Decisive { get; init; }

    public IReadOnlyList<string> SuggestedTags { get; init; } = [];

    public IReadOnlyList<string> AvailablePlatforms { get; init; } = [];

    public int? TagCount { get; init; }

    public string? Digest { get; init; }

    public string? MediaType { get; init; }

    public TlsProblemKind? TlsProblem { get; init; }

    public string? DnsName { get; init; }

    /// <summary>True when the network guard refused a connection (an address the policy forbids): no answer to weigh.</summary>
    public bool RefusedByPolicy { get; init; }

    public static ProbeOutcome Pullable(string detail) => new(ProbeVerdict.Pullable, null, detail);

    public static ProbeOutcome Problem(CauseCode cause, string detail, RegistryResponse? decisive = null) =>
        new(ProbeVerdict.Problem, cause, detail) { Decisive = decisive };

    public static ProbeOutcome From(TransportFailure failure) => failure.Blocked
        ? new ProbeOutcome(ProbeVerdict.Inconclusive, null, failure.Detail) { RefusedByPolicy = true }
        : new ProbeOutcome(ProbeVerdict.Problem, failure.Cause, failure.Detail) { TlsProblem = failure.TlsProblem, DnsName = failure.DnsName };
}
