using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;

namespace PullDoctor.RegistryFixtures;

/// <summary>
/// A small Docker-style token server on Kestrel (127.0.0.1, random port) for distribution's token auth:
/// <c>GET /token?service=...&amp;scope=repository:NAME:pull</c> with or without Basic credentials, and the
/// OAuth2 <c>POST /token</c> password grant. Wrong credentials get Docker Hub's
/// <c>401 {"details":"incorrect username or password"}</c>; otherwise the token grants the requested actions
/// that <see cref="TokenIssuerOptions.Grants"/> allow (possibly none, as Docker Hub does for a private
/// repository asked anonymously).
/// </summary>
public sealed class TokenIssuer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly JwtSigner _signer;
    private readonly TestCertificateAuthority _signingAuthority;
    private readonly ConcurrentQueue<TokenRequestRecord> _requests = new();

    private TokenIssuer(TokenIssuerOptions options, WebApplication app, JwtSigner signer, TestCertificateAuthority signingAuthority)
    {
        Options = options;
        _app = app;
        _signer = signer;
        _signingAuthority = signingAuthority;
    }

    public TokenIssuerOptions Options { get; }

    /// <summary>The realm to advertise: <c>http(s)://127.0.0.1:PORT/token</c>.</summary>
    public Uri Realm { get; private set; } = null!;

    /// <summary>PEM of the CA that signed the token signing certificate: distribution's <c>rootcertbundle</c>.</summary>
    public string RootCertificateBundlePath => _signingAuthority.CertificatePath;

    /// <summary>Every request received so far, in order.</summary>
    public IReadOnlyList<TokenRequestRecord> Requests => [.. _requests];

    public static async Task<TokenIssuer> StartAsync(TokenIssuerOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen =>
        {
            if (options.Tls is not null)
            {
                listen.UseHttps(options.Tls.Certificate);
            }
        }));
        var app = builder.Build();

        var authority = TestCertificateAuthority.Create("PullDoctor Token Signing CA", options.TimeProvider);
        var signer = new JwtSigner(authority.IssueSigningCertificate("PullDoctor test token signer"));
        var issuer = new TokenIssuer(options, app, signer, authority);
        app.MapGet("/token", issuer.HandleGetAsync);
        app.MapPost("/token", issuer.HandlePostAsync);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var port = new Uri(address).Port;
        issuer.Realm = new Uri($"{(options.Tls is null ? "http" : "https")}://127.0.0.1:{port}/token");
        return issuer;
    }

    /// <summary>
    /// Mints a token directly, e.g. an expired one (negative <paramref name="lifetime"/>) or one for another
    /// audience, for tests of the client's handling; also used by the fixture to push.
    /// </summary>
    public string CreateToken(string subject, IEnumerable<TokenAccess> access, TimeSpan lifetime, string? audience = null)
    {
        var now = Options.TimeProvider.GetUtcNow();
        var notBefore = lifetime < TimeSpan.Zero ? now + lifetime - TimeSpan.FromMinutes(5) : now;
        return _signer.Sign(new Dictionary<string, object>
        {
            ["iss"] = Options.Issuer,
            ["sub"] = subject,
            ["aud"] = audience ?? Options.Service,
            ["exp"] = (now + lifetime).ToUnixTimeSeconds(),
            ["nbf"] = notBefore.ToUnixTimeSeconds(),
            ["iat"] = notBefore.ToUnixTimeSeconds(),
            ["jti"] = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12)),
            ["access"] = access.Select(a => new { type = a.Type, name = a.Name, actions = a.Actions }).ToArray(),
        });
    }

    private Task HandleGetAsync(HttpContext context)
    {
        var request = context.Request;
        var (user, password) = ParseBasic(request.Headers.Authorization);
        var scopes = SplitScopes(request.Query["scope"]);
        return AnswerAsync(context, "GET", request.Query["service"].ToString(), user, password, scopes, oauth: false);
    }

    private async Task HandlePostAsync(HttpContext context)
    {
        if (!Options.SupportOAuthPost || !context.Request.HasFormContentType)
        {
            Record("POST", null, null, false, false, [], [], StatusCodes.Status404NotFound);
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
        if (form["grant_type"] != "password")
        {
            // Refresh tokens are not issued, so a refresh grant cannot be valid.
            Record("POST", form["service"], null, false, false, SplitScopes(form["scope"]), [], StatusCodes.Status400BadRequest);
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsJsonAsync(new { error = "unsupported_grant_type" }, context.RequestAborted).ConfigureAwait(false);
            return;
        }

        await AnswerAsync(context, "POST", form["service"].ToString(), form["username"].ToString(), form["password"].ToString(), SplitScopes(form["scope"]), oauth: true)
            .ConfigureAwait(false);
    }

    private async Task AnswerAsync(HttpContext context, string method, string service, string? user, string? password, IReadOnlyList<string> scopes, bool oauth)
    {
        var hadCredentials = user is not null;
        var response = context.Response;
        if (!string.Equals(service, Options.Service, StringComparison.Ordinal))
        {
            Record(method, service, user, hadCredentials, false, scopes, [], StatusCodes.Status400BadRequest);
            response.StatusCode = StatusCodes.Status400BadRequest;
            await response.WriteAsJsonAsync(new { details = $"unknown service {service}" }, context.RequestAborted).ConfigureAwait(false);
            return;
        }

        var authenticated = hadCredentials && Options.Users.Any(u => u.Name == user && u.Password == password);
        if (hadCredentials && !authenticated)
        {
            Record(method, service, user, true, false, scopes, [], StatusCodes.Status401Unauthorized);
            response.StatusCode = StatusCodes.Status401Unauthorized;
            if (oauth)
            {
                await response.WriteAsJsonAsync(new { error = "invalid_grant", error_description = "incorrect username or password" }, context.RequestAborted).ConfigureAwait(false);
            }
            else
            {
                await response.WriteAsJsonAsync(new { details = "incorrect username or password" }, context.RequestAborted).ConfigureAwait(false);
            }

            return;
        }

        var subject = authenticated ? user! : TokenGrant.Anonymous;
        var granted = scopes.Select(TokenAccess.ParseScope).OfType<TokenAccess>().Select(a => Grant(subject, a)).Where(a => a.Actions.Count > 0).ToList();
        var token = CreateToken(subject, granted, Options.TokenLifetime);
        Record(method, service, user, hadCredentials, authenticated, scopes, granted, StatusCodes.Status200OK);
        var issuedAt = Options.TimeProvider.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var expiresIn = (int)Options.TokenLifetime.TotalSeconds;
        object body = oauth
            ? new { access_token = token, expires_in = expiresIn, issued_at = issuedAt, scope = string.Join(' ', scopes) }
            : new { token, access_token = token, expires_in = expiresIn, issued_at = issuedAt };
        await response.WriteAsJsonAsync(body, context.RequestAborted).ConfigureAwait(false);
    }

    private TokenAccess Grant(string subject, TokenAccess requested)
    {
        if (!string.Equals(requested.Type, "repository", StringComparison.Ordinal))
        {
            return requested with { Actions = [] };
        }

        IEnumerable<TokenGrant> grants = Options.Grants.Count > 0
            ? Options.Grants
            : [new TokenGrant(TokenGrant.AnyUser, "*", "*")];
        var allowed = grants.Where(g => g.AppliesTo(subject, requested.Name)).SelectMany(g => g.Actions).ToHashSet(StringComparer.Ordinal);
        var actions = allowed.Contains("*") ? requested.Actions : requested.Actions.Where(allowed.Contains).ToList();
        return requested with { Actions = actions };
    }

    private void Record(string method, string? service, string? user, bool hadCredentials, bool authenticated, IReadOnlyList<string> scopes, IReadOnlyList<TokenAccess> granted, int status) =>
        _requests.Enqueue(new TokenRequestRecord(Options.TimeProvider.GetUtcNow(), method, service, user, hadCredentials, authenticated, scopes, granted, status));

    // Clients send several scopes either as repeated parameters or space-separated in one.
    private static List<string> SplitScopes(StringValues values) =>
        values.SelectMany(v => (v ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();

    private static (string? User, string? Password) ParseBasic(StringValues header)
    {
        var value = header.ToString();
        if (!value.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return (null, null);
        }

        try
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(value["Basic ".Length..].Trim()));
            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            return colon < 0 ? (decoded, string.Empty) : (decoded[..colon], decoded[(colon + 1)..]);
        }
        catch (FormatException)
        {
            return (string.Empty, null);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None).ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _signer.Dispose();
        _signingAuthority.Dispose();
    }
}
