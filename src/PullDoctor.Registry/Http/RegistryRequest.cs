using System.Net.Http.Headers;

namespace PullDoctor.Registry.Http;

/// <summary>One request of a probe. Its Authorization is only ever sent to the origin of <see cref="Uri"/> over a safe transport.</summary>
internal sealed record RegistryRequest(HttpMethod Method, Uri Uri)
{
    public IReadOnlyList<string> Accept { get; init; } = [];

    public AuthenticationHeaderValue? Authorization { get; init; }

    /// <summary>How the request authenticates, for evidence: "anonymous", "with credentials", "with a bearer token".</summary>
    public string AuthLabel { get; init; } = "anonymous";

    /// <summary>True when <see cref="Authorization"/> carries the user's credentials (not only a token derived from them).</summary>
    public bool AuthorizationIsCredential { get; init; }

    public IReadOnlyDictionary<string, string>? Form { get; init; }

    public int MaxBodyBytes { get; init; } = 64 * 1024;

    /// <summary>A token service request, whose error answers may also take Docker's or OAuth2's shape.</summary>
    public bool IsTokenRequest { get; init; }
}
