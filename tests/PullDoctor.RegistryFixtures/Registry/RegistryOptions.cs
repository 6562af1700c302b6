namespace PullDoctor.RegistryFixtures;

/// <summary>How to start a <see cref="TestRegistry"/>. The defaults give an anonymous plain-HTTP registry.</summary>
public sealed record RegistryOptions
{
    public RegistryAuthMode Auth { get; init; } = RegistryAuthMode.Anonymous;

    /// <summary>Users accepted by basic auth or by the token issuer. The fixture adds its own push user.</summary>
    public IReadOnlyList<RegistryUser> Users { get; init; } = [];

    /// <summary>
    /// Token auth only: who may do what. When empty, every configured user may pull and push everything and
    /// anonymous requests get a token without access (the registry then answers 401).
    /// </summary>
    public IReadOnlyList<TokenGrant> Grants { get; init; } = [];

    /// <summary>Token auth only: lifetime of issued tokens (<c>expires_in</c>).</summary>
    public TimeSpan TokenLifetime { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Token auth only: advertise this realm in the challenge instead of the in-process issuer's URL
    /// (e.g. a realm on another host, for redirect/SSRF tests). The issuer still runs.
    /// </summary>
    public Uri? TokenRealmOverride { get; init; }

    /// <summary>Token auth only: the <c>service</c> the challenge names and tokens must be issued for.</summary>
    public string TokenService { get; init; } = "pulldoctor-test-registry";

    /// <summary>Serve TLS (and, with token auth, serve the token issuer over TLS too). Null: plain HTTP.</summary>
    public ServerCertificateKind? Tls { get; init; }

    /// <summary>Extra DNS names in the TLS certificate (e.g. <c>registry.test</c>), besides 127.0.0.1/localhost.</summary>
    public IReadOnlyList<string> TlsHostNames { get; init; } = [];

    /// <summary>CA that signs the TLS certificate; <see cref="TestCertificateAuthority.Shared"/> when null.</summary>
    public TestCertificateAuthority? CertificateAuthority { get; init; }

    /// <summary>How long to wait for <c>/v2/</c> to answer after starting the process.</summary>
    public TimeSpan StartupTimeout { get; init; } = TimeSpan.FromSeconds(15);

    public static RegistryOptions Anonymous { get; } = new();

    public static RegistryOptions BasicAuth(string user, string password) =>
        new() { Auth = RegistryAuthMode.Basic, Users = [new RegistryUser(user, password)] };

    public static RegistryOptions TokenAuth(params RegistryUser[] users) =>
        new() { Auth = RegistryAuthMode.Token, Users = users };

    /// <summary>Anonymous registry served over TLS with the given certificate kind.</summary>
    public static RegistryOptions WithTls(ServerCertificateKind kind = ServerCertificateKind.Valid) => new() { Tls = kind };
}
