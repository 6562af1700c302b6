using System.Diagnostics;
using PullDoctor.Core.Causes;
using PullDoctor.Registry.Network;
using PullDoctor.Registry.Probe;
using PullDoctor.RegistryFixtures;

namespace PullDoctor.Registry.Tests.RealRegistry;

/// <summary>The probe against a real, anonymous, plain-HTTP distribution registry.</summary>
[NonParallelizable]
public sealed class AnonymousRegistryProbeTests
{
    private TestRegistry _registry = null!;
    private PushedImage _broken = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _registry = await TestRegistry.StartAsync();
        await _registry.PushImageAsync("team/app", "1.0", ImagePlatforms.LinuxAmd64);
        await _registry.PushImageAsync("team/docker", "1.0", ImagePlatforms.LinuxAmd64, ManifestFormat.Docker);
        await _registry.PushIndexAsync("multi/arm", "1.0", [ImagePlatforms.LinuxArm64]);
        await _registry.PushIndexAsync("multi/both", "1.0", ImagePlatforms.MultiArch);
        await _registry.PushTagsAsync("team/tags", ["1.24.0", "1.25.0", "1.25.3", "1.25.3-alpine", "latest"]);
        await _registry.PushHelmChartArtifactAsync("charts/web", "0.1.0");
        _broken = await _registry.PushImageAsync("team/broken", "1.0", ImagePlatforms.LinuxS390x);
        _registry.DeleteBlobData(_broken.BlobDigests.First(d => !_broken.ManifestDigests.Contains(d) && d != _broken.Digest));
    }

    [OneTimeTearDown]
    public async Task Stop() => await _registry.DisposeAsync();

    [Test]
    public async Task SinglePlatformImage_IsPullable()
    {
        var result = await Probes.ProbeAsync(_registry.ImageReference("team/app", "1.0"), platform: "linux/amd64");

        Assert.Multiple(() =>
        {
            Assert.That(result.Verdict, Is.EqualTo(ProbeVerdict.Pullable), Probes.Explain(result));
            Assert.That(result.Digest, Does.StartWith("sha256:"));
            Assert.That(result.CredentialsSent, Is.False);
            Assert.That(result.Steps.Select(s => s.Request), Has.Some.Contains("fall back to http://"), "HTTPS first, then HTTP for a loopback registry");
        });
    }

    [Test]
    public async Task DockerSchema2Image_IsPullable()
    {
        var result = await Probes.ProbeAsync(_registry.ImageReference("team/docker", "1.0"));

        Assert.That(result.Verdict, Is.EqualTo(ProbeVerdict.Pullable), Probes.Explain(result));
    }

    [Test]
    public async Task MissingTag_IsTagNotFound_WithNearestTags()
    {
        var result = await Probes.ProbeAsync(_registry.ImageReference("team/tags", "1.25.x"));

        Assert.Multiple(() =>
        {
            Assert.That(result.Cause, Is.EqualTo(CauseCode.TagNotFound), Probes.Explain(result));
            Assert.That(result.HttpStatus, Is.EqualTo(404));
            Assert.That(result.RegistryErrorCode, Is.EqualTo("MANIFEST_UNKNOWN"));
            Assert.That(result.SuggestedTags.Take(3), Is.EqualTo(new[] { "1.25.3", "1.25.0", "1.25.3-alpine" }));
            Assert.That(result.SuggestedTags, Has.Count.LessThanOrEqualTo(5));
            Assert.That(result.TagCount, Is.EqualTo(5));
        });
    }

    [Test]
    public async Task MissingDigest_IsTagNotFound()
    {
        var image = $"{_registry.Host}/team/app@sha256:{new string('0', 64)}";

        var result = await Probes.ProbeAsync(image);

        Assert.That(result.Cause, Is.EqualTo(CauseCode.TagNotFound), Probes.Explain(result));
    }

    [Test]
    public async Task MissingRepository_IsRepositoryNotFound()
    {
        var result = await Probes.ProbeAsync(_registry.ImageReference("no/such-repo", "1.0"));

        Assert.Multiple(() =>
        {
            Assert.That(result.Cause, Is.EqualTo(CauseCode.RepositoryNotFound), Probes.Explain(result));
            Assert.That(result.Steps.Select(s => s.Answer), Has.Some.Contains("NAME_UNKNOWN"));
        });
    }

    [Test]
    public async Task ArmOnlyIndex_OnAmd64Node_IsPlatformMismatch_ListingWhatExists()
    {
        var result = await Probes.ProbeAsync(_registry.ImageReference("multi/arm", "1.0"), platform: "linux/amd64");

        Assert.Multiple(() =>
        {
            Assert.That(result.Cause, Is.EqualTo(CauseCode.PlatformMismatch), Probes.Explain(result));
            Assert.That(result.AvailablePlatforms, Is.EqualTo(new[] { "linux/arm64" }));
            Assert.That(result.Platform, Is.EqualTo("linux/amd64"));
        });
    }

    [TestCase("linux/arm64")]
    [TestCase("linux/arm64/v8")]
    [TestCase("linux/aarch64")]
    public async Task ArmOnlyIndex_OnArm64Node_IsPullable(string platform)
    {
        var result = await Probes.ProbeAsync(_registry.ImageReference("multi/arm", "1.0"), platform: platform);

        Assert.That(result.Verdict, Is.EqualTo(ProbeVerdict.Pullable), Probes.Explain(result));
    }

    [Test]
    public async Task Index_WithoutPlatform_IsPullableAndListsPlatforms()
    {
        var result = await Probes.ProbeAsync(_registry.ImageReference("multi/both", "1.0"));

        Assert.Multiple(() =>
        {
            Assert.That(result.Verdict, Is.EqualTo(ProbeVerdict.Pullable), Probes.Explain(result));
            Assert.That(result.AvailablePlatforms, Is.EquivalentTo(new[] { "linux/amd64", "linux/arm64" }));
        });
    }

    [Test]
    public async Task SingleAmd64Image_OnArm64Node_IsPlatformMismatch()
    {
        var result = await Probes.ProbeAsync(_registry.ImageReference("team/app", "1.0"), platform: "linux/arm64");

        Assert.Multiple(() =>
        {
            Assert.That(result.Cause, Is.EqualTo(CauseCode.PlatformMismatch), Probes.Explain(result));
            Assert.That(result.AvailablePlatforms, Is.EqualTo(new[] { "linux/amd64" }));
        });
    }

    [Test]
    public async Task HelmChartArtifact_IsUnsupportedImageFormat()
    {
        var result = await Probes.ProbeAsync(_registry.ImageReference("charts/web", "0.1.0"));

        Assert.Multiple(() =>
        {
            Assert.That(result.Cause, Is.EqualTo(CauseCode.UnsupportedImageFormat), Probes.Explain(result));
            Assert.That(result.Detail, Does.Contain("helm"));
        });
    }

    [Test]
    public async Task MissingLayerBlob_IsLayerPullFailed()
    {
        var result = await Probes.ProbeAsync(_registry.ImageReference("team/broken", "1.0"));

        Assert.Multiple(() =>
        {
            Assert.That(result.Cause, Is.EqualTo(CauseCode.LayerPullFailed), Probes.Explain(result));
            Assert.That(result.HttpStatus, Is.EqualTo(404));
        });
    }

    [Test]
    public async Task PlainHttpRegistry_WithoutLoopbackFallback_IsHttpProtocolMismatch()
    {
        var result = await Probes.ProbeAsync(_registry.ImageReference("team/app", "1.0"), options: Probes.Options(o => o.LoopbackHttpFallback = false));

        Assert.That(result.Cause, Is.EqualTo(CauseCode.HttpProtocolMismatch), Probes.Explain(result));
    }

    [Test]
    public async Task PlainHttpRegistry_UnderANonLoopbackName_IsHttpProtocolMismatch()
    {
        var resolver = new MapResolver(("registry.test", "127.0.0.1"));

        var result = await Probes.ProbeAsync(_registry.ImageReference("team/app", "1.0", "registry.test"), resolver: resolver);

        Assert.Multiple(() =>
        {
            Assert.That(result.Cause, Is.EqualTo(CauseCode.HttpProtocolMismatch), Probes.Explain(result));
            Assert.That(result.Detail, Does.Contain("plain HTTP"));
        });
    }

    [Test]
    public async Task PlainHttpRegistry_DeclaredPlainHttp_IsPullable()
    {
        var resolver = new MapResolver(("registry.test", "127.0.0.1"));
        var options = Probes.Options();
        options.PlainHttpRegistries.Add($"registry.test:{_registry.Port}");

        var result = await Probes.ProbeAsync(_registry.ImageReference("team/app", "1.0", "registry.test"), options: options, resolver: resolver);

        Assert.That(result.Verdict, Is.EqualTo(ProbeVerdict.Pullable), Probes.Explain(result));
    }

    [Test]
    public async Task OperatorPolicy_RefusesLoopbackRegistry_WithoutConnecting()
    {
        var result = await Probes.ProbeAsync(_registry.ImageReference("team/app", "1.0"), options: Probes.Options(o => o.NetworkPolicy = NetworkPolicy.Operator));

        Assert.Multiple(() =>
        {
            Assert.That(result.Verdict, Is.EqualTo(ProbeVerdict.Inconclusive), Probes.Explain(result));
            Assert.That(result.Detail, Does.Contain("loopback"));
        });
    }

    [Test]
    public async Task ProbeLatency_AgainstTheLocalRegistry_IsMeasured()
    {
        var options = Probes.Options();
        options.PlainHttpRegistries.Add(_registry.Host);
        var probe = Probes.Create(options);
        var image = _registry.ImageReference("team/app", "1.0");
        await probe.ProbeAsync(Probes.Request(image));
        var samples = new List<double>();
        for (var i = 0; i < 20; i++)
        {
            var clock = Stopwatch.StartNew();
            var result = await probe.ProbeAsync(Probes.Request(image, platform: "linux/amd64"));
            samples.Add(clock.Elapsed.TotalMilliseconds);
            Assert.That(result.IsPullable, Is.True, Probes.Explain(result));
        }

        samples.Sort();
        var missing = new List<double>();
        for (var i = 0; i < 20; i++)
        {
            var clock = Stopwatch.StartNew();
            await probe.ProbeAsync(Probes.Request(_registry.ImageReference("team/tags", "1.25.x")));
            missing.Add(clock.Elapsed.TotalMilliseconds);
        }

        missing.Sort();
        TestContext.Progress.WriteLine($"probe latency, pullable (ping, HEAD+GET manifest, GET config, HEAD layer): p50 {samples[10]:0.0} ms, max {samples[^1]:0.0} ms");
        TestContext.Progress.WriteLine($"probe latency, TagNotFound (ping, HEAD+GET manifest, tags/list): p50 {missing[10]:0.0} ms, max {missing[^1]:0.0} ms");
        Assert.That(samples[10], Is.LessThan(1000));
    }
}
