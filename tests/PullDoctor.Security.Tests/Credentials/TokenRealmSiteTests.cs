using PullDoctor.Registry.Credentials;
using PullDoctor.Registry.Probe;
using PullDoctor.RegistryFixtures;
using PullDoctor.RegistryFixtures.Hostile;
using PullDoctor.Security.Tests.Support;

namespace PullDoctor.Security.Tests.Credentials;

/// <summary>
/// A registry names a token realm on another tenant of the same provider, another registrable domain under a
/// multi-label public suffix, another port of its own host, or plain HTTP: Basic credentials never go there.
/// Over HTTPS with a trusted test CA, names mapped to loopback, so only the realm rule decides.
/// </summary>
public sealed class TokenRealmSiteTests
{
    private static readonly string[] Names = ["victim.azurecr.io", "evil.azurecr.io", "victim.co.uk", "evil.co.uk", "victim.github.io", "evil.github.io", "registry.example.test", "auth.example.test"];
    private TestCertificateAuthority _ca = null!;
    private ServerCertificate _certificate = null!;

    [OneTimeSetUp]
    public void CreateCertificates()
    {
        _ca = TestCertificateAuthority.Create("PullDoctor realm tests CA");
        _certificate = _ca.IssueServerCertificate(extraHostNames: Names);
    }

    [OneTimeTearDown]
    public void DisposeCertificates()
    {
        _certificate.Dispose();
        _ca.Dispose();
    }

    private static RegistryCredential Victim => RegistryCredential.FromUsernamePassword("victim", "victim-pass-8842");

    private RegistryProbeOptions Options()
    {
        var options = AttackProbe.Options();
        options.ExtraTrustedCertificates.Add(_ca.Certificate);
        return options;
    }

    private static NameMap AllToLoopback() => new([.. Names.Select(n => (n, "127.0.0.1"))]);

    [TestCase("victim.azurecr.io", "evil.azurecr.io", Description = "another tenant of a shared registry domain")]
    [TestCase("victim.co.uk", "evil.co.uk", Description = "a multi-label public suffix")]
    [TestCase("victim.github.io", "evil.github.io", Description = "the private section of the public suffix list")]
    public async Task RealmOnAnotherTenant_GetsNoCredentials(string registryName, string realmName)
    {
        await using var hostile = HostileRegistry.Start(certificate: _certificate);
        hostile.On("/v2/", HostileResponse.BearerChallenge($"https://{realmName}:{hostile.Port}/token"))
            .On("/token", HostileResponse.Json(200, """{"token":"anonymous-token-1"}"""));

        var result = await AttackProbe.RunAsync($"{registryName}:{hostile.Port}/app:1.0", Options(), AllToLoopback(), Victim);

        var tokenRequests = hostile.Requests.Where(r => r.Path == "/token").ToList();
        Assert.Multiple(() =>
        {
            Assert.That(tokenRequests, Is.Not.Empty, AttackProbe.Explain(result));
            Assert.That(tokenRequests, Has.All.Matches<RecordedRequest>(r => r.Authorization is null));
            Assert.That(result.CredentialsSent, Is.False);
        });
    }

    [Test]
    public async Task RealmOnAnotherPortOfTheSameHost_GetsNoCredentials()
    {
        await using var registry = HostileRegistry.Start(certificate: _certificate);
        await using var other = HostileRegistry.Start(certificate: _certificate);
        registry.On("/v2/", HostileResponse.BearerChallenge($"https://registry.example.test:{other.Port}/token"));
        other.On("/token", HostileResponse.Json(200, """{"token":"anonymous-token-2"}"""));

        var result = await AttackProbe.RunAsync($"registry.example.test:{registry.Port}/app:1.0", Options(), AllToLoopback(), Victim);

        Assert.Multiple(() =>
        {
            Assert.That(other.Requests, Is.Not.Empty, AttackProbe.Explain(result));
            Assert.That(other.Requests, Has.All.Matches<RecordedRequest>(r => r.Authorization is null));
        });
    }

    [Test]
    public async Task PlainHttpRealmOffThisMachine_GetsNoCredentials()
    {
        var elsewhere = HostileRegistry.NonLoopbackAddressOfThisMachine() ?? throw new AssertionException("this test needs a non-loopback IPv4 address on this machine");
        await using var registry = HostileRegistry.Start(certificate: _certificate);
        await using var realm = HostileRegistry.Start(elsewhere);
        registry.On("/v2/", HostileResponse.BearerChallenge($"http://auth.example.test:{realm.Port}/token"));
        realm.On("/token", HostileResponse.Json(200, """{"token":"anonymous-token-3"}"""));
        var resolver = new NameMap(("registry.example.test", "127.0.0.1"), ("auth.example.test", elsewhere.ToString()));

        var result = await AttackProbe.RunAsync($"registry.example.test:{registry.Port}/app:1.0", Options(), resolver, Victim);

        Assert.That(realm.Requests, Has.All.Matches<RecordedRequest>(r => r.Authorization is null), AttackProbe.Explain(result));
    }

    [Test]
    public async Task RealmOnTheSameRegistrableDomainAndPort_GetsCredentials()
    {
        await using var hostile = HostileRegistry.Start(certificate: _certificate);
        hostile.On("/v2/", HostileResponse.BearerChallenge($"https://auth.example.test:{hostile.Port}/token"))
            .On("/token", HostileResponse.Json(200, """{"token":"victim-token-4"}"""));

        var result = await AttackProbe.RunAsync($"registry.example.test:{hostile.Port}/app:1.0", Options(), AllToLoopback(), Victim);

        Assert.That(hostile.Requests.Where(r => r.Path == "/token"), Has.Some.Matches<RecordedRequest>(r => r.Authorization is not null && r.Authorization.StartsWith("Basic ", StringComparison.Ordinal)), AttackProbe.Explain(result));
    }
}
