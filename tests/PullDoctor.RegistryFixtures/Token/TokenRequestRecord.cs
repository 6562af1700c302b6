namespace PullDoctor.RegistryFixtures;

/// <summary>
/// One request the test token issuer received, kept so tests can assert who asked for what (and that
/// credentials were, or were not, sent). The password itself is never recorded.
/// </summary>
/// <param name="Method">GET (Docker token protocol) or POST (OAuth2 password grant).</param>
/// <param name="User">The user name that was sent, if any.</param>
/// <param name="HadCredentials">Whether the request carried credentials at all.</param>
/// <param name="Authenticated">Whether the credentials were right.</param>
/// <param name="Scopes">The scopes asked for.</param>
/// <param name="Granted">What the token granted (empty when refused).</param>
/// <param name="Status">HTTP status answered.</param>
public sealed record TokenRequestRecord(
    DateTimeOffset ReceivedAt,
    string Method,
    string? Service,
    string? User,
    bool HadCredentials,
    bool Authenticated,
    IReadOnlyList<string> Scopes,
    IReadOnlyList<TokenAccess> Granted,
    int Status);
