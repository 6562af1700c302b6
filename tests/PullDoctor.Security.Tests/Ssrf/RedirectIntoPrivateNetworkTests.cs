using System.Net;
using PullDoctor.Registry.Network;
using PullDoctor.Registry.Probe;
using PullDoctor.RegistryFixtures.Hostile;
using PullDoctor.Security.Tests.Support;

namespace PullDoctor.Security.Tests.Ssrf;

/// <summary>
/// A registry on an "external" network (127.0.0.2, allowed explicitly, as an operator allows a registry's CIDR) tries
/// to move the probe onto loopback (127.0.0.1, reachable but not explicitly allowed): by redirect, by a name that
/// resolves there, by a token realm. The service on loopback must never see a request.
/// </summary>
public sealed class RedirectIntoPrivateNetworkTests
{
    private const string InsideSecret = "INSIDE-ONLY-7731";
    private static readonly IPAddress External = IPAddress.Parse("127.0.0.2");

    private static RegistryProbeOptions ExternalAllowed()
    {
        var options = AttackProbe.Options(NetworkPolicy.CommandLine with { AllowedNetworks = [new IPNetwork(External, 32)] });
        return options;
    }

    private static HostileRegistry Inside()
    {
        var inside = HostileRegistry.Start(IPAddress.Loopback);
        inside.On("/*", HostileResponse.Text(200, InsideSecret));
        return inside;
    }

    [TestCase(307)]
    [TestCase(302)]
    [TestCase(308)]
    public async Task ManifestRedirectToALoopbackLiteral_IsRefused(int status)
    {
        await using var inside = Inside();
        await using var outside = HostileRegistry.Start(External);
        outside.On("/v2/", HostileResponse.Json(200, "{}"))
            .On("/v2/app/manifests/*", HostileResponse.Redirect($"http://127.0.0.1:{inside.Port}/latest/meta-data", status));
        var options = ExternalAllowed();
        options.PlainHttpRegistries.Add(outside.Host);

        var result = await AttackProbe.RunAsync($"{outside.Host}/app:1.0", options);

        Assert.Multiple(() =>
        {
            Assert.That(outside.Requests, Is.Not.Empty, "the external registry was asked");
            Assert.That(inside.Requests, Is.Empty, AttackProbe.Explain(result));
            Assert.That(AttackProbe.Everything(result), Does.Not.Contain(InsideSecret));
            Assert.That(result.Detail, Does.Contain("refused").And.Contain("loopback"));
        });
    }

    [Test]
    public async Task RedirectToANameThatResolvesToLoopback_IsDecidedAfterDns()
    {
        await using var inside = Inside();
        await using var outside = HostileRegistry.Start(External);
        outside.On("/v2/", HostileResponse.Json(200, "{}"))
            .On("/v2/app/manifests/*", HostileResponse.Redirect($"http://storage.attacker.invalid:{inside.Port}/blob"));
        var options = ExternalAllowed();
        options.PlainHttpRegistries.Add(outside.Host);

        var result = await AttackProbe.RunAsync($"{outside.Host}/app:1.0", options, new NameMap(("storage.attacker.invalid", "127.0.0.1")));

        Assert.Multiple(() =>
        {
            Assert.That(inside.Requests, Is.Empty, AttackProbe.Explain(result));
            Assert.That(AttackProbe.Everything(result), Does.Not.Contain(InsideSecret));
        });
    }

    [Test]
    public async Task BlobRedirectToLoopback_IsRefused()
    {
        const string config = "sha256:1111111111111111111111111111111111111111111111111111111111111111";
        await using var inside = Inside();
        await using var outside = HostileRegistry.Start(External);
        var manifest = $$"""{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"{{config}}","size":2},"layers":[]}""";
        outside.On("/v2/", HostileResponse.Json(200, "{}"))
            .On("/v2/app/manifests/*", HostileResponse.Text(200, manifest, "application/vnd.oci.image.manifest.v1+json"))
            .On("/v2/app/blobs/*", HostileResponse.Redirect($"http://127.0.0.1:{inside.Port}/computeMetadata/v1/"));
        var options = ExternalAllowed();
        options.PlainHttpRegistries.Add(outside.Host);

        var result = await AttackProbe.RunAsync($"{outside.Host}/app:1.0", options);

        Assert.That(inside.Requests, Is.Empty, AttackProbe.Explain(result));
    }

    [Test]
    public async Task TokenRealmOnLoopback_NamedByAnExternalRegistry_IsRefused()
    {
        await using var inside = Inside();
        await using var outside = HostileRegistry.Start(External);
        outside.On("/v2/", HostileResponse.BearerChallenge($"http://127.0.0.1:{inside.Port}/token"));
        var options = ExternalAllowed();
        options.PlainHttpRegistries.Add(outside.Host);

        var result = await AttackProbe.RunAsync($"{outside.Host}/app:1.0", options);

        Assert.Multiple(() =>
        {
            Assert.That(inside.Requests, Is.Empty, AttackProbe.Explain(result));
            Assert.That(AttackProbe.Everything(result), Does.Not.Contain(InsideSecret));
        });
    }

    [Test]
    public async Task RedirectWithinTheSameNetworkClass_IsStillFollowed()
    {
        await using var storage = HostileRegistry.Start(External);
        storage.On("/*", HostileResponse.Text(200, "{}", "application/json"));
        await using var outside = HostileRegistry.Start(External);
        outside.On("/v2/", HostileResponse.Json(200, "{}"))
            .On("/v2/app/manifests/*", HostileResponse.Redirect($"http://{storage.Host}/signed"));
        var options = ExternalAllowed();
        options.PlainHttpRegistries.Add(outside.Host);

        var result = await AttackProbe.RunAsync($"{outside.Host}/app:1.0", options);

        Assert.That(storage.Requests, Is.Not.Empty, AttackProbe.Explain(result));
    }

    [Test]
    public async Task LoopbackRegistryRedirectingToLoopback_IsStillFollowed_ForTheCommandLine()
    {
        await using var storage = HostileRegistry.Start(IPAddress.Loopback);
        storage.On("/*", HostileResponse.Text(200, "{}", "application/json"));
        await using var registry = HostileRegistry.Start(IPAddress.Loopback);
        registry.On("/v2/", HostileResponse.Json(200, "{}"))
            .On("/v2/app/manifests/*", HostileResponse.Redirect($"http://{storage.Host}/signed"));
        var options = AttackProbe.Options();
        options.PlainHttpRegistries.Add(registry.Host);

        var result = await AttackProbe.RunAsync($"{registry.Host}/app:1.0", options);

        Assert.That(storage.Requests, Is.Not.Empty, AttackProbe.Explain(result));
    }
}
