using Microsoft.Extensions.Time.Testing;
using PullDoctor.Core.References;
using PullDoctor.Registry.Caching;
using PullDoctor.Registry.Credentials;
using PullDoctor.Registry.Probe;

namespace PullDoctor.Registry.Tests.Caching;

public sealed class CachingRegistryProbeTests
{
    private static ProbeRequest Request(string image, RegistryCredential? credential = null, string? platform = null) =>
        new(ImageReference.Parse(image).Reference!, credential, platform is null ? null : Platform.TryParse(platform, out var p) ? p : null);

    [Test]
    public async Task ProbeAsync_ThousandConcurrentIdenticalRequests_OneInnerProbe()
    {
        var time = new FakeTimeProvider();
        var inner = new CountingProbe(time) { Hold = true };
        using var cache = new CachingRegistryProbe(inner, timeProvider: time);

        var all = Enumerable.Range(0, 1000).Select(_ => cache.ProbeAsync(Request("nginx:1.25.x"))).ToList();
        inner.Release();
        var results = await Task.WhenAll(all);

        Assert.Multiple(() =>
        {
            Assert.That(inner.Calls, Is.EqualTo(1));
            Assert.That(results.Count(r => !r.FromCache), Is.EqualTo(1));
            Assert.That(results.Select(r => r.Cause).Distinct().Single(), Is.EqualTo(Core.Causes.CauseCode.TagNotFound));
        });
    }

    [Test]
    public async Task ProbeAsync_AfterTtl_AsksAgain()
    {
        var time = new FakeTimeProvider();
        var inner = new CountingProbe(time);
        using var cache = new CachingRegistryProbe(inner, new RegistryProbeCacheOptions { ProblemTtl = TimeSpan.FromMinutes(2) }, time);

        await cache.ProbeAsync(Request("nginx:1.25.x"));
        time.Advance(TimeSpan.FromMinutes(1));
        var cached = await cache.ProbeAsync(Request("docker.io/library/nginx:1.25.x"));
        time.Advance(TimeSpan.FromMinutes(2));
        await cache.ProbeAsync(Request("nginx:1.25.x"));

        Assert.Multiple(() =>
        {
            Assert.That(cached.FromCache, Is.True, "same normalized reference");
            Assert.That(inner.Calls, Is.EqualTo(2));
        });
    }

    [Test]
    public async Task ProbeAsync_DifferentCredentialsOrPlatform_AreDifferentQuestions()
    {
        var time = new FakeTimeProvider();
        var inner = new CountingProbe(time);
        using var cache = new CachingRegistryProbe(inner, timeProvider: time);

        await cache.ProbeAsync(Request("ghcr.io/a/b:1"));
        await cache.ProbeAsync(Request("ghcr.io/a/b:1", RegistryCredential.FromUsernamePassword("u", "p1")));
        await cache.ProbeAsync(Request("ghcr.io/a/b:1", RegistryCredential.FromUsernamePassword("u", "p2")));
        await cache.ProbeAsync(Request("ghcr.io/a/b:1", RegistryCredential.FromUsernamePassword("u", "p2")));
        await cache.ProbeAsync(Request("ghcr.io/a/b:1", platform: "linux/arm64"));

        Assert.That(inner.Calls, Is.EqualTo(4));
    }

    [Test]
    public async Task ProbeAsync_OneCallerCancels_OthersStillGetTheResult()
    {
        var time = new FakeTimeProvider();
        var inner = new CountingProbe(time) { Hold = true };
        using var cache = new CachingRegistryProbe(inner, timeProvider: time);
        using var cancel = new CancellationTokenSource();

        var impatient = cache.ProbeAsync(Request("nginx:1"), cancel.Token);
        var patient = cache.ProbeAsync(Request("nginx:1"));
        await cancel.CancelAsync();
        inner.Release();

        Assert.That(async () => await impatient, Throws.InstanceOf<OperationCanceledException>());
        Assert.That((await patient).Cause, Is.Not.Null);
        Assert.That(inner.Calls, Is.EqualTo(1));
    }

    [Test]
    public async Task ProbeAsync_InnerThrows_IsNotCached()
    {
        var time = new FakeTimeProvider();
        var inner = new CountingProbe(time) { Throw = new InvalidOperationException("boom") };
        using var cache = new CachingRegistryProbe(inner, timeProvider: time);

        Assert.That(async () => await cache.ProbeAsync(Request("nginx:1")), Throws.InvalidOperationException);
        inner.Throw = null;
        var result = await cache.ProbeAsync(Request("nginx:1"));

        Assert.Multiple(() =>
        {
            Assert.That(result.FromCache, Is.False);
            Assert.That(inner.Calls, Is.EqualTo(2));
        });
    }

    [Test]
    public async Task ProbeAsync_BeyondMaxEntries_StaysBounded()
    {
        var time = new FakeTimeProvider();
        var inner = new CountingProbe(time);
        using var cache = new CachingRegistryProbe(inner, new RegistryProbeCacheOptions { MaxEntries = 100 }, time);

        for (var i = 0; i < 1000; i++)
        {
            await cache.ProbeAsync(Request($"nginx:{i}"));
        }

        Assert.That(cache.Count, Is.LessThanOrEqualTo(101));
    }
}
