namespace PullDoctor.Registry.Network;

/// <summary>What the certificate check of one TLS handshake found wrong.</summary>
/// <param name="Host">The host name the client validated against.</param>
/// <param name="Kind">The first problem, in the order Go's crypto/x509 checks.</param>
/// <param name="Description">All problems in words, e.g. "certificate has expired (valid until 2024-05-01T00:00:00Z)".</param>
internal sealed record TlsFailure(string Host, TlsProblemKind Kind, string Description);
