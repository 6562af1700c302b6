namespace PullDoctor.Demo.Scenario;

/// <summary>The local registries the demo starts; each cause that needs a registry names the one it needs.</summary>
internal enum RegistryKind
{
    /// <summary>Anonymous pulls, plain HTTP on loopback (as containerd talks to a loopback registry).</summary>
    Open,

    /// <summary>Basic auth: pulls need a user and password.</summary>
    PasswordProtected,

    /// <summary>HTTPS with a certificate from a CA neither the nodes nor the operator trust.</summary>
    UntrustedTls,
}
