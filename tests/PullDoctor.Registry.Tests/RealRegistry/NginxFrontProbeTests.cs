using PullDoctor.Core.Causes;
using PullDoctor.Registry.Caching;
using PullDoctor.Registry.Probe;
using PullDoctor.RegistryFixtures;

namespace PullDoctor.Registry.Tests.RealRegistry;

/// <summary>Rate limits, server errors and redirects, as nginx in front of a real registry answers them.</summary>
[NonParallelizable]
public sealed class NginxFrontProbeTests
{
    private TestRegistry _registry = null!;
    private NginxFrontFixture _front = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _registry = await TestRegistry.StartAsync();
        await _registry.PushImageAsync("library/nginx", "1.25.3", ImagePlatforms.LinuxAmd64);
        await _registry.PushTagsAsync("library/nginx", ["1.24.0", "1.25.0", "1.25.3"]);
        _front = await NginxFrontFixture.StartAsync(new NginxFrontOptions { Upstream = _registry });
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        await _front.DisposeAsync();
        await _registry.DisposeAsync();
    }

    [SetUp]
    public async Task Reset() => await _front.SetFailureAsync(NginxFailure.None);

    private RegistryProbeOptions PlainHttp()
    {
        var options = Probes.Options();
        options.PlainHttpRegistries.Add(_front.Host);
        return options;
    }

    [Test]
    public async Task DockerHubStyle429_IsRateLimited_WithResetAndTheHubsWords()
    {
        await _front.SetFailureAsync(NginxFailure.DockerHubRateLimit);

        var result = await Probes.ProbeAsync(_front.ImageReference("library/nginx", "1.25.3"), options: PlainHttp());

        Assert.Multiple(() =>
        {
            Assert.That(result.Cause, Is.EqualTo(CauseCode.RateLimited), Probes.Explain(result));
            Assert.That(result.HttpStatus, Is.EqualTo(429));
            Assert.That(result.RegistryErrorCode, Is.EqualTo("TOOMANYREQUESTS"));
            Assert.That(result.RegistryMessage, Does.StartWith("You have reached your pull rate limit"));
            Assert.That(result.RateLimit!.Limit, Is.EqualTo(100));
            Assert.That(result.RateLimit.Remaining, Is.EqualTo(0));
            Assert.That(result.RateLimitReset, Is.EqualTo("resets in 1m"));
        });
    }

    [Test]
    public async Task Plain429_IsRateLimited()
    {
        await _front.SetFailureAsync(NginxFailure.PlainRateLimit);

        var result = await Probes.ProbeAsync(_front.ImageReference("library/nginx", "1.25.3"), options: PlainHttp());

        Assert.That(result.Cause, Is.EqualTo(CauseCode.RateLimited), Probes.Explain(result));
    }

    [TestCase(NginxFailure.InternalServerError, 500)]
    [TestCase(NginxFailure.ServiceUnavailable, 503)]
    public async Task ServerErrors_AreRegistryServerError(NginxFailure failure, int status)
    {
        await _front.SetFailureAsync(failure);

        var result = await Probes.ProbeAsync(_front.ImageReference("library/nginx", "1.25.3"), options: PlainHttp());

        Assert.Multiple(() =>
        {
            Assert.That(result.Cause, Is.EqualTo(CauseCode.RegistryServerError), Probes.Explain(result));
            Assert.That(result.HttpStatus, Is.EqualTo(status));
        });
    }

    [Test]
    public async Task RedirectToTheMetadataAddress_IsNotFollowed_AndCarriesNoCredentials()
    {
        await _front.SetFailureAsync(NginxFailure.Redirect);

        var result = await Probes.ProbeAsync(_front.ImageReference("library/nginx", "1.25.3"), new RegistryUser("u", "p-redirect-7"), options: PlainHttp());

        Assert.Multiple(() =>
        {
            Assert.That(result.Verdict, Is.EqualTo(ProbeVerdict.Inconclusive), Probes.Explain(result));
            Assert.That(result.Steps.Select(s => s.Answer), Has.Some.Contains("307").And.Some.Contains("169.254.169.254"));
            Assert.That(result.Detail, Does.Contain("169.254.169.254"));
            Assert.That(result.CredentialsSent, Is.False);
        });
    }

    [Test]
    public async Task ThousandConcurrentDiagnoses_MakeNoMoreRegistryRequestsThanOne()
    {
        var image = _front.ImageReference("library/nginx", "1.25.x");
        await _front.AccessLog.ClearAsync();
        await Probes.ProbeAsync(image, options: PlainHttp());
        var single = await _front.AccessLog.ReadAsync();

        await _front.AccessLog.ClearAsync();
        using var shared = new CachingRegistryProbe(new ConcurrencyLimitedRegistryProbe(Probes.Create(PlainHttp())));
        var results = await Task.WhenAll(Enumerable.Range(0, 1000).Select(_ => Task.Run(() => shared.ProbeAsync(Probes.Request(image)))));
        var concurrent = await _front.AccessLog.ReadAsync();

        TestContext.Progress.WriteLine($"registry requests: one diagnosis {single.Count} ({string.Join(", ", single)}); 1,000 concurrent diagnoses {concurrent.Count}");
        Assert.Multiple(() =>
        {
            Assert.That(results.Select(r => r.Cause).Distinct(), Is.EqualTo(new CauseCode?[] { CauseCode.TagNotFound }));
            Assert.That(results.Count(r => !r.FromCache), Is.EqualTo(1));
            Assert.That(concurrent, Has.Count.EqualTo(single.Count));
            Assert.That(concurrent.Count(e => e.IsManifest), Is.EqualTo(single.Count(e => e.IsManifest)));
        });
    }
}
