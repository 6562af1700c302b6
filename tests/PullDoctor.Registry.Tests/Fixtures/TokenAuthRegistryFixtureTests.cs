using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;
using PullDoctor.RegistryFixtures;

namespace PullDoctor.Registry.Tests.Fixtures;

[TestFixture]
[Parallelizable(ParallelScope.Self)]
public sealed partial class TokenAuthRegistryFixtureTests
{
    private static readonly RegistryUser Bob = new("bob", "bob-password");
    private static readonly RegistryUser Carol = new("carol", "carol-password");
    private TestRegistry _registry = null!;
    private HttpClient _client = null!;

    [OneTimeSetUp]
    public async Task StartRegistry()
    {
        _registry = await TestRegistry.StartAsync(new RegistryOptions
        {
            Auth = RegistryAuthMode.Token,
            Users = [Bob, Carol],
            Grants =
            [
                new TokenGrant("bob", "*", "pull"),
                new TokenGrant("carol", "team/*", "pull"),
                new TokenGrant(TokenGrant.Anonymous, "public/*", "pull"),
            ],
        });
        _client = _registry.CreateHttpClient();
        await _registry.PushImageAsync("team/app", "1.0", ImagePlatforms.LinuxAmd64);
        await _registry.PushImageAsync("public/app", "1.0", ImagePlatforms.LinuxAmd64);
        TestContext.Progress.WriteLine($"token-auth registry started in {_registry.StartupTime.TotalMilliseconds:0} ms");
    }

    [OneTimeTearDown]
    public async Task StopRegistry()
    {
        _client?.Dispose();
        if (_registry is not null)
        {
            await _registry.DisposeAsync();
        }
    }

    [Test]
    public async Task Ping_WithoutToken_Answers401WithBearerChallengeNamingRealmAndService()
    {
        using var response = await _client.GetAsync("v2/");
        var challenge = response.Headers.WwwAuthenticate.Single();

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(challenge.Scheme, Is.EqualTo("Bearer"));
            Assert.That(challenge.Parameter, Does.Contain($"realm=\"{_registry.TokenIssuer!.Realm}\""));
            Assert.That(challenge.Parameter, Does.Contain("service=\"pulldoctor-test-registry\""));
        });
    }

    [Test]
    public async Task TokenFlow_WithGrantedUser_ChallengeThenTokenThenManifest200()
    {
        var status = await PullManifestStatusAsync("team/app", "1.0", Bob);

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task TokenFlow_Anonymous_PublicRepositoryIsPullable()
    {
        var status = await PullManifestStatusAsync("public/app", "1.0", credentials: null);

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task TokenFlow_AnonymousOnPrivateRepository_TokenWithoutAccessGets401()
    {
        var status = await PullManifestStatusAsync("team/app", "1.0", credentials: null);

        Assert.That(status, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task TokenFlow_UserWithoutGrantForRepository_Gets401InsufficientScope()
    {
        await _registry.PushImageAsync("other/app", "1.0", ImagePlatforms.LinuxAmd64);

        var status = await PullManifestStatusAsync("other/app", "1.0", Carol);

        Assert.That(status, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task TokenRequest_WrongPassword_Answers401LikeDockerHub()
    {
        var realm = _registry.TokenIssuer!.Realm;
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{realm}?service=pulldoctor-test-registry&scope=repository:team/app:pull");
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", new RegistryUser("bob", "nope").BasicAuthValue);
        using var response = await _client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(body, Is.EqualTo("""{"details":"incorrect username or password"}"""));
            Assert.That(_registry.TokenIssuer.Requests.Any(r => r.User == "bob" && !r.Authenticated), Is.True);
        });
    }

    [Test]
    public async Task Manifest_WithExpiredToken_Answers401InvalidToken()
    {
        var token = _registry.TokenIssuer!.CreateToken("bob", [TokenAccess.Repository("team/app", "pull")], TimeSpan.FromMinutes(-10));
        using var request = ManifestRequest("team/app", "1.0");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await _client.SendAsync(request);

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(response.Headers.WwwAuthenticate.Single().Parameter, Does.Contain("error=\"invalid_token\""));
        });
    }

    [Test]
    public async Task TokenAuthWithTls_PushAndTokenFlow_WorkOverHttpsWithTrustedCa()
    {
        await using var registry = await TestRegistry.StartAsync(RegistryOptions.TokenAuth(Bob) with { Tls = ServerCertificateKind.Valid });
        await registry.PushImageAsync("team/secure", "1.0", ImagePlatforms.LinuxAmd64);
        using var client = registry.CreateHttpClient();

        Assert.That(registry.TokenIssuer!.Realm.Scheme, Is.EqualTo("https"));

        var token = await FetchTokenAsync(client, registry.TokenIssuer.Realm, "repository:team/secure:pull", Bob);
        using var request = ManifestRequest("team/secure", "1.0");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await client.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    private static async Task<string?> FetchTokenAsync(HttpClient client, Uri realm, string scope, RegistryUser user)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{realm}?service=pulldoctor-test-registry&scope={Uri.EscapeDataString(scope)}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", user.BasicAuthValue);
        using var response = await client.SendAsync(request);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("access_token").GetString();
    }

    [Test]
    public async Task TokenRequest_OAuthPasswordGrant_IssuesAccessToken()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _registry.TokenIssuer!.Realm)
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "password",
                ["username"] = Bob.Name,
                ["password"] = Bob.Password,
                ["service"] = "pulldoctor-test-registry",
                ["scope"] = "repository:team/app:pull",
                ["client_id"] = "containerd-client",
            }),
        };
        using var response = await _client.SendAsync(request);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(json.RootElement.GetProperty("access_token").GetString(), Is.Not.Empty);
        });
    }

    // The flow a registry client performs: challenge, token request to the realm, retry with the token.
    private async Task<HttpStatusCode> PullManifestStatusAsync(string repository, string tag, RegistryUser? credentials)
    {
        using (var first = ManifestRequest(repository, tag))
        {
            using var challenged = await _client.SendAsync(first);
            Assert.That(challenged.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            var parameters = ChallengeParameter().Matches(challenged.Headers.WwwAuthenticate.Single().Parameter!)
                .ToDictionary(m => m.Groups["key"].Value, m => m.Groups["value"].Value);
            Assert.That(parameters["scope"], Is.EqualTo($"repository:{repository}:pull"));

            using var tokenRequest = new HttpRequestMessage(
                HttpMethod.Get,
                $"{parameters["realm"]}?service={Uri.EscapeDataString(parameters["service"])}&scope={Uri.EscapeDataString(parameters["scope"])}");
            if (credentials is not null)
            {
                tokenRequest.Headers.Authorization = new AuthenticationHeaderValue("Basic", credentials.BasicAuthValue);
            }

            using var tokenResponse = await _client.SendAsync(tokenRequest);
            Assert.That(tokenResponse.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            using var json = JsonDocument.Parse(await tokenResponse.Content.ReadAsStringAsync());
            var token = json.RootElement.GetProperty("token").GetString();

            using var second = ManifestRequest(repository, tag);
            second.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await _client.SendAsync(second);
            return response.StatusCode;
        }
    }

    private static HttpRequestMessage ManifestRequest(string repository, string tag)
    {
        var request = new HttpRequestMessage(HttpMethod.Head, $"v2/{repository}/manifests/{tag}");
        request.Headers.Accept.ParseAdd(MediaTypes.AnyManifest);
        return request;
    }

    [GeneratedRegex("(?<key>[a-z]+)=\"(?<value>[^\"]*)\"")]
    private static partial Regex ChallengeParameter();
}
