namespace PullDoctor.RegistryFixtures;

/// <summary>Which kind of TLS server certificate to issue: the good one, or one of the classic mistakes.</summary>
public enum ServerCertificateKind
{
    /// <summary>Valid now, names 127.0.0.1, ::1, localhost and any extra host names.</summary>
    Valid,

    /// <summary>Right names, but expired yesterday.</summary>
    Expired,

    /// <summary>Valid now, but only for <see cref="TestCertificateAuthority.MismatchedHostName"/>.</summary>
    HostnameMismatch,
}
