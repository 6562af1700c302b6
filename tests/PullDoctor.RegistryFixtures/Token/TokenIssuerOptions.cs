namespace PullDoctor.RegistryFixtures;

/// <summary>Configuration of a <see cref="TokenIssuer"/>.</summary>
public sealed record TokenIssuerOptions
{
    /// <summary>The <c>service</c> (token audience) the issuer serves.</summary>
    public string Service { get; init; } = "pulldoctor-test-registry";

    /// <summary>The <c>iss</c> claim; the registry must be configured with the same value.</summary>
    public string Issuer { get; init; } = "pulldoctor-test-issuer";

    public IReadOnlyList<RegistryUser> Users { get; init; } = [];

    /// <summary>Who may do what; see <see cref="TokenGrant"/>. Empty: every user may do everything.</summary>
    public IReadOnlyList<TokenGrant> Grants { get; init; } = [];

    public TimeSpan TokenLifetime { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Serve HTTPS with this certificate; plain HTTP when null.</summary>
    public ServerCertificate? Tls { get; init; }

    /// <summary>Answer OAuth2 POST requests (containerd tries them first when it has credentials).</summary>
    public bool SupportOAuthPost { get; init; } = true;

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
