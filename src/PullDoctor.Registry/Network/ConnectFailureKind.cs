namespace PullDoctor.Registry.Network;

/// <summary>Why the probe's own connect step failed.</summary>
internal enum ConnectFailureKind
{
    Blocked,
    DnsFailed,
    DnsTimeout,
    Refused,
    ConnectTimeout,
    Unreachable,
    Other,
}
