namespace PullDoctor.Runtime.Tests.Capture;

/// <summary>How skopeo reaches a scenario's registry, mirroring the node configuration containerd gets.</summary>
/// <param name="TlsVerify">false for registries a node would list as insecure (plain HTTP).</param>
/// <param name="CertDirectory">A directory with the CA (<c>ca.crt</c>) to trust, like /etc/containers/certs.d.</param>
/// <param name="Credentials">user:password, or null for none.</param>
/// <param name="CommandTimeout">skopeo's own deadline (for the response-timeout scenario).</param>
public sealed record SkopeoOptions(bool TlsVerify = true, string? CertDirectory = null, string? Credentials = null, TimeSpan? CommandTimeout = null);
