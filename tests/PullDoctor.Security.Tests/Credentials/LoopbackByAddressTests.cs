using System.Net;
using PullDoctor.Registry.Credentials;
using PullDoctor.RegistryFixtures.Hostile;
using PullDoctor.Security.Tests.Support;

namespace PullDoctor.Security.Tests.Credentials;

/// <summary>
/// Plain HTTP gets credentials only when the bytes stay on this machine: loopback is the resolved address, not the
/// name. A name ending in .localhost that resolves to another address (here: this machine's eth0 address, standing
/// for a host on the network) gets none, and no plain-HTTP fallback either.
/// </summary>
public sealed class LoopbackByAddressTests
{
    private static RegistryCredential Victim => RegistryCredential.FromUsernamePassword("victim", "localhost-pass-1234");

    private static IPAddress Elsewhere() =>
        HostileRegistry.NonLoopbackAddressOfThisMachine() ?? throw new AssertionException("this test needs a non-loopback IPv4 address on this machine");

    [Test]
    public async Task LocalhostNameOnAnotherAddress_GetsNoBasicCredentialsOverPlainHttp()
    {
        var elsewhere = Elsewhere();
        await using var hostile = HostileRegistry.Start(elsewhere);
        hostile.On("/v2/", HostileResponse.BasicChallenge()).On("/v2/app/manifests/*", HostileResponse.RegistryError(404, "MANIFEST_UNKNOWN", "unknown"));
        var options = AttackProbe.Options();
        options.PlainHttpRegistries.Add($"registry.localhost:{hostile.Port}");

        var result = await AttackProbe.RunAsync($"registry.localhost:{hostile.Port}/app:1.0", options, new NameMap(("registry.localhost", elsewhere.ToString())), Victim);

        Assert.Multiple(() =>
        {
            Assert.That(hostile.Requests.Count, Is.GreaterThan(1), AttackProbe.Explain(result));
            Assert.That(hostile.Requests, Has.All.Matches<RecordedRequest>(r => r.Authorization is null));
            Assert.That(result.CredentialsSent, Is.False);
        });
    }

    [Test]
    public async Task LocalhostNameOnAnotherAddress_GetsNoPlainHttpFallback()
    {
        var elsewhere = Elsewhere();
        await using var hostile = HostileRegistry.Start(elsewhere);
        hostile.On("/v2/", HostileResponse.BasicChallenge());

        var result = await AttackProbe.RunAsync($"registry.localhost:{hostile.Port}/app:1.0", AttackProbe.Options(), new NameMap(("registry.localhost", elsewhere.ToString())), Victim);

        Assert.Multiple(() =>
        {
            Assert.That(hostile.Requests, Has.All.Matches<RecordedRequest>(r => r.Authorization is null), AttackProbe.Explain(result));
            Assert.That(result.Steps.Select(s => s.Request), Has.None.Contains("fall back to http"));
        });
    }

    [Test]
    public async Task TokenRealmNamedLocalhostOnAnotherAddress_GetsNoCredentials()
    {
        var elsewhere = Elsewhere();
        await using var registry = HostileRegistry.Start();
        await using var realm = HostileRegistry.Start(elsewhere);
        registry.On("/v2/", HostileResponse.BearerChallenge($"http://localhost:{realm.Port}/token"));
        realm.On("/token", HostileResponse.Json(200, """{"token":"anonymous-token-5"}"""));
        var options = AttackProbe.Options();
        options.PlainHttpRegistries.Add(registry.Host);
        var resolver = new NameMap(("localhost", elsewhere.ToString()));

        var result = await AttackProbe.RunAsync($"127.0.0.1:{registry.Port}/app:1.0", options, resolver, Victim);

        Assert.That(realm.Requests, Has.All.Matches<RecordedRequest>(r => r.Authorization is null), AttackProbe.Explain(result));
    }

    [Test]
    public async Task LoopbackRegistry_StillGetsCredentialsOverPlainHttp()
    {
        await using var hostile = HostileRegistry.Start();
        hostile.On("/v2/", HostileResponse.BasicChallenge()).On("/v2/app/manifests/*", HostileResponse.RegistryError(404, "MANIFEST_UNKNOWN", "unknown"));
        var options = AttackProbe.Options();
        options.PlainHttpRegistries.Add(hostile.Host);

        var result = await AttackProbe.RunAsync($"{hostile.Host}/app:1.0", options, credential: Victim);

        Assert.That(hostile.Requests, Has.Some.Matches<RecordedRequest>(r => r.Authorization is not null), AttackProbe.Explain(result));
    }
}
