using PullDoctor.Core.Causes;
using PullDoctor.Registry.Probe;
using PullDoctor.RegistryFixtures;

namespace PullDoctor.Registry.Tests.RealRegistry;

/// <summary>What the probe does when a registry names a token realm it should not trust with credentials.</summary>
public sealed class TokenRealmSafetyTests
{
    private static readonly RegistryUser Bob = new("bob", "bob-realm-pw-9999");

    [Test]
    public async Task RealmOnAMetadataAddress_GetsNoConnectionAndNoCredentials()
    {
        await using var registry = await TestRegistry.StartAsync(new RegistryOptions
        {
            Auth = RegistryAuthMode.Token,
            Users = [Bob],
            TokenRealmOverride = new Uri("http://169.254.169.254/latest/api/token"),
        });
        var resolver = new MapResolver();

        var result = await Probes.ProbeAsync(registry.ImageReference("app", "1.0"), Bob, resolver: resolver);

        Assert.Multiple(() =>
        {
            Assert.That(result.Verdict, Is.EqualTo(ProbeVerdict.Inconclusive), Probes.Explain(result));
            Assert.That(result.Detail, Does.Contain("169.254.169.254").And.Contain("link-local"));
            Assert.That(result.CredentialsSent, Is.False);
            Assert.That(result.Steps[^1].Answer, Does.StartWith("not sent"));
        });
    }

    [Test]
    public async Task RealmOnAnotherSite_GetsAnAnonymousTokenRequestOnly()
    {
        await using var registry = await TestRegistry.StartAsync(new RegistryOptions { Auth = RegistryAuthMode.Token, Users = [Bob] });
        var realm = registry.TokenIssuer!.Realm;
        await using var moved = await TestRegistry.StartAsync(new RegistryOptions
        {
            Auth = RegistryAuthMode.Token,
            Users = [Bob],
            TokenRealmOverride = new UriBuilder(realm) { Host = "auth.elsewhere.test" }.Uri,
        });
        var resolver = new MapResolver(("auth.elsewhere.test", "127.0.0.1"), ("registry.example.test", "127.0.0.1"));
        var options = Probes.Options();
        options.PlainHttpRegistries.Add($"registry.example.test:{moved.Port}");
        options.AllowCredentialsOverHttpToLoopback = true;

        var result = await Probes.ProbeAsync(moved.ImageReference("app", "1.0", "registry.example.test"), Bob, options: options, resolver: resolver);

        Assert.Multiple(() =>
        {
            Assert.That(result.CredentialsSent, Is.False, Probes.Explain(result));
            Assert.That(result.Steps.Select(s => s.Answer), Has.Some.Contains("credentials withheld"));
            Assert.That(registry.TokenIssuer.Requests.Any(r => r.HadCredentials), Is.False);
            Assert.That(result.Cause, Is.Not.EqualTo(CauseCode.AuthenticationFailed));
        });
    }
}
