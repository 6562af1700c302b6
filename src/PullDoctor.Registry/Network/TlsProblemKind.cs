namespace PullDoctor.Registry.Network;

/// <summary>Which TLS certificate check failed, in the order Go's crypto/x509 (and so containerd) reports them.</summary>
public enum TlsProblemKind
{
    Expired = 1,
    NotYetValid,
    UnknownAuthority,
    NameMismatch,
    Revoked,
    Other,
}
