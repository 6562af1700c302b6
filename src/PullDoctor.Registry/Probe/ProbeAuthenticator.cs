using System.Net.Http.Headers;
using System.Text.Json;
using PullDoctor.Core.Causes;
using PullDoctor.Registry.Credentials;
using PullDoctor.Registry.Http;

namespace PullDoctor.Registry.Probe;

/// <summary>
/// The registry auth flows: Basic, and the Bearer token flow (realm, service, <c>scope=repository:NAME:pull</c>;
/// anonymous, with a user name and password, or with an identity token as OAuth2 refresh token; <c>token</c> or
/// <c>access_token</c> in the answer). Credentials go to a token realm only over HTTPS (or to a loopback host when
/// allowed) and only when the realm is on the registry's site and port (<see cref="RegistrySite"/>); otherwise
/// the token is requested anonymously and the evidence says so.
/// </summary>
internal sealed class ProbeAuthenticator(RegistryTransport transport, RegistryCredential? credential, string repository, SecretScrubber scrubber, RegistryProbeOptions options)
{
    private string? _bearer;
    private bool _bearerFromCredentials;
    private bool _basic;

    public AuthChallenge? Challenge { get; private set; }

    /// <summary>True once an anonymous token was issued (Docker Hub and others issue them even for private repositories).</summary>
    public bool AnonymousTokenIssued { get; private set; }

    public bool Authenticated => _bearer is not null || _basic;

    /// <summary>Whether requests from now on carry the user's credentials (directly or through a token from them).</summary>
    public bool UsingCredentials => (_basic && credential is not null) || _bearerFromCredentials;

    public bool CredentialsSent { get; private set; }

    public RegistryRequest Request(HttpMethod method, Uri uri, IReadOnlyList<string>? accept = null)
    {
        var request = new RegistryRequest(method, uri) { Accept = accept ?? [] };
        if (_bearer is not null)
        {
            return request with
            {
                Authorization = new AuthenticationHeaderValue("Bearer", _bearer),
                AuthLabel = _bearerFromCredentials ? "bearer token obtained with credentials" : "anonymous bearer token",
            };
        }

        if (_basic && credential is not null)
        {
            return request with
            {
                Authorization = new AuthenticationHeaderValue("Basic", credential.BasicAuthorizationValue),
                AuthLabel = "Basic, with credentials",
                AuthorizationIsCredential = true,
            };
        }

        return request;
    }

    /// <summary>Notes that a response was answered to a request carrying credentials.</summary>
    public void Observe(RegistryResponse response)
    {
        if (response.AuthorizationSentOnAnyHop && UsingCredentials)
        {
            CredentialsSent = true;
        }
    }

    /// <returns>Null when authenticated (or nothing to do); otherwise why the probe ends here.</returns>
    public async Task<AuthFailure?> AuthenticateAsync(IReadOnlyList<AuthChallenge> challenges, Uri registryBase, CancellationToken cancellationToken)
    {
        var bearer = challenges.FirstOrDefault(c => c.IsBearer);
        var basic = challenges.FirstOrDefault(c => c.IsBasic);
        Challenge = bearer ?? basic ?? (challenges.Count > 0 ? challenges[0] : null);
        if (bearer is not null)
        {
            return await FetchTokenAsync(bearer, registryBase, cancellationToken);
        }

        if (basic is not null)
        {
            if (credential is null)
            {
                return null;
            }

            if (credential.IdentityToken is not null && credential.Password.Length == 0)
            {
                return new AuthFailure(CauseCode.AuthenticationFailed, "the registry asks for Basic auth, but the credential is an identity token, which only works with a Bearer token service", null);
            }

            _basic = true;
            return null;
        }

        return Challenge is null
            ? null
            : new AuthFailure(CauseCode.Unknown, $"the registry asks for {Challenge.Scheme} authentication, which container runtimes do not support for pulls", null);
    }

    // The realm's site and port must be the registry's; on this machine (both ends loopback by name and resolved
    // address, as a registry with its token server in a test or a local set-up) any port of it will do.
    private async Task<bool> RealmBelongsToRegistryAsync(Uri realm, Uri registryBase, CancellationToken cancellationToken) =>
        RegistrySite.SameSiteAndPort(realm, registryBase)
        || (await transport.IsOnThisMachineAsync(realm, cancellationToken) && await transport.IsOnThisMachineAsync(registryBase, cancellationToken));

    private async Task<AuthFailure?> FetchTokenAsync(AuthChallenge challenge, Uri registryBase, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(challenge["realm"], UriKind.Absolute, out var realm) || (realm.Scheme != Uri.UriSchemeHttps && realm.Scheme != Uri.UriSchemeHttp))
        {
            return new AuthFailure(CauseCode.Unknown, $"the registry's Bearer challenge has no usable realm ({challenge["realm"] ?? "none"})", null);
        }

        var query = new List<string>();
        if (realm.Query.Length > 1)
        {
            query.Add(realm.Query[1..]);
        }

        if (challenge["service"] is { } service)
        {
            query.Add("service=" + Uri.EscapeDataString(service));
        }

        var scope = $"repository:{repository}:pull";
        query.Add("scope=" + Uri.EscapeDataString(scope));
        var tokenUri = new UriBuilder(realm) { Query = string.Join("&", query) }.Uri;

        var withCredentials = credential is not null;
        string? withheldBecause = null;
        if (withCredentials && !await transport.IsSafeForCredentialsAsync(tokenUri, cancellationToken))
        {
            withheldBecause = $"the token realm {RegistryTransport.Display(realm)} is plain HTTP";
        }
        else if (withCredentials && !await RealmBelongsToRegistryAsync(realm, registryBase, cancellationToken))
        {
            withheldBecause = $"the token realm {realm.Authority} is not on the registry's site and port ({registryBase.Authority})";
        }

        if (withheldBecause is not null)
        {
            withCredentials = false;
            transport.Steps.Add(new ProbeStep($"token request to {RegistryTransport.Display(tokenUri)}", $"credentials withheld: {withheldBecause}; asking for an anonymous token instead"));
        }

        RegistryRequest request;
        if (withCredentials && credential!.IdentityToken is { } refreshToken)
        {
            request = new RegistryRequest(HttpMethod.Post, realm)
            {
                Form = new Dictionary<string, string>
                {
                    ["grant_type"] = "refresh_token",
                    ["refresh_token"] = refreshToken,
                    ["service"] = challenge["service"] ?? string.Empty,
                    ["scope"] = scope,
                    ["client_id"] = "pulldoctor",
                },
                AuthLabel = "with an identity token",
                MaxBodyBytes = options.MaxTokenResponseBytes,
                IsTokenRequest = true,
            };

            // The secret travels in the body; the transport never resends a form to another origin or over plain HTTP.
            request = request with { AuthorizationIsCredential = true };
        }
        else
        {
            request = new RegistryRequest(HttpMethod.Get, tokenUri)
            {
                Authorization = withCredentials ? new AuthenticationHeaderValue("Basic", credential!.BasicAuthorizationValue) : null,
                AuthLabel = withCredentials ? "Basic, with credentials" : "anonymous",
                AuthorizationIsCredential = withCredentials,
                MaxBodyBytes = options.MaxTokenResponseBytes,
                IsTokenRequest = true,
            };
        }

        var response = await transport.SendAsync(request, cancellationToken);
        var credentialsWent = withCredentials && (response.AuthorizationSent || request.Form is not null);
        if (credentialsWent)
        {
            CredentialsSent = true;
        }

        if (!response.IsSuccess)
        {
            transport.Steps.Add(new ProbeStep(response.Asked, Answer.Describe(response, transport)));
            return TokenFailure(response, credentialsWent);
        }

        var (token, expiresIn) = ReadToken(response.Body);
        if (token is null)
        {
            transport.Steps.Add(new ProbeStep(response.Asked, $"{response.StatusText}: no token in the answer"));
            return new AuthFailure(CauseCode.Unknown, $"the token service {realm.Authority} answered {response.StatusText} without a token", response);
        }

        scrubber.Add(token);
        transport.Steps.Add(new ProbeStep(response.Asked, $"{response.StatusText}: token issued{(expiresIn is null ? string.Empty : $" (expires in {expiresIn} s)")}"));
        _bearer = token;
        _bearerFromCredentials = credentialsWent;
        AnonymousTokenIssued = !credentialsWent;
        return null;
    }

    private static AuthFailure TokenFailure(RegistryResponse response, bool withCredentials)
    {
        var words = response.Error?.Message;
        var said = words is null ? string.Empty : $": {words}";
        var cause = response.Status switch
        {
            401 or 403 when withCredentials && MentionsExpiry(words) => CauseCode.CredentialsExpired,
            401 when withCredentials => CauseCode.AuthenticationFailed,
            403 when withCredentials => CauseCode.AccessDenied,
            401 or 403 => CauseCode.AuthenticationRequired,
            429 => CauseCode.RateLimited,
            >= 500 => CauseCode.RegistryServerError,
            _ => CauseCode.Unknown,
        };
        var detail = cause switch
        {
            CauseCode.CredentialsExpired => $"the token service rejected the credentials as expired ({response.StatusText}{said})",
            CauseCode.AuthenticationFailed => $"the token service rejected the credentials ({response.StatusText}{said})",
            CauseCode.AccessDenied => $"the token service refused a pull token for these credentials ({response.StatusText}{said})",
            CauseCode.AuthenticationRequired => $"the token service refused an anonymous token ({response.StatusText}{said}): the registry requires credentials",
            CauseCode.RateLimited => $"the token service answered {response.StatusText}: rate limited{said}",
            CauseCode.RegistryServerError => $"the token service answered {response.StatusText}{said}",
            _ => $"the token service answered {response.StatusText}{said}",
        };
        return new AuthFailure(cause, detail, response);
    }

    internal static bool MentionsExpiry(string? text) =>
        text is not null && (text.Contains("expired", StringComparison.OrdinalIgnoreCase) || text.Contains("token has expired", StringComparison.OrdinalIgnoreCase));

    private static (string? Token, int? ExpiresIn) ReadToken(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, null);
            }

            string? token = null;
            foreach (var name in (string[])["token", "access_token"])
            {
                if (root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text)
                {
                    token = text;
                    break;
                }
            }

            int? expires = root.TryGetProperty("expires_in", out var e) && e.ValueKind == JsonValueKind.Number && e.TryGetInt32(out var seconds) ? seconds : null;
            return (token, expires);
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }
}
