using PullDoctor.Core.Causes;
using PullDoctor.Registry.Network;

namespace PullDoctor.Registry.Http;

/// <summary>Why a request got no HTTP answer, classified.</summary>
/// <param name="Cause">The cause code; null when the probe refused to connect (network policy).</param>
/// <param name="Detail">What happened, naming hosts and addresses only.</param>
internal sealed record TransportFailure(CauseCode? Cause, string Detail)
{
    public bool Blocked => Cause is null;

    public TlsProblemKind? TlsProblem { get; init; }

    public string? DnsName { get; init; }

    /// <summary>True when an HTTPS request reached a server that speaks plain HTTP.</summary>
    public bool ServerSpeaksPlainHttp { get; init; }
}
