using Microsoft.Extensions.Time.Testing;
using PullDoctor.Core.References;
using PullDoctor.Registry.Caching;
using PullDoctor.Registry.Probe;

namespace PullDoctor.Registry.Tests.Caching;

public sealed class ConcurrencyLimitedRegistryProbeTests
{
    private static ProbeRequest Request(string image) => new(ImageReference.Parse(image).Reference!);

    [Test]
    public async Task ProbeAsync_ManyForOneRegistry_AtMostPermitsInFlight()
    {
        var inner = new CountingProbe(new FakeTimeProvider()) { Hold = true };
        using var limited = new ConcurrencyLimitedRegistryProbe(inner, permitsPerRegistry: 3);

        var all = Enumerable.Range(0, 20).Select(i => limited.ProbeAsync(Request($"ghcr.io/a/b:{i}"))).ToList();
        // A granted permit runs the inner probe before ProbeAsync returns; the other 17 wait in the limiter's queue
        // until a permit is released, which only Release() does. So once three calls arrived, no fourth can start.
        await WaitForCallsAsync(inner, 3);
        var inFlightWhileHeld = inner.MaxInFlight;
        var callsWhileHeld = inner.Calls;
        inner.Release();
        await Task.WhenAll(all);

        Assert.Multiple(() =>
        {
            Assert.That(inFlightWhileHeld, Is.EqualTo(3));
            Assert.That(callsWhileHeld, Is.EqualTo(3));
            Assert.That(inner.Calls, Is.EqualTo(20));
        });
    }

    [Test]
    public async Task ProbeAsync_DifferentRegistries_DoNotWaitForEachOther()
    {
        var inner = new CountingProbe(new FakeTimeProvider()) { Hold = true };
        using var limited = new ConcurrencyLimitedRegistryProbe(inner, permitsPerRegistry: 1);

        var a = limited.ProbeAsync(Request("ghcr.io/a/b:1"));
        var b = limited.ProbeAsync(Request("quay.io/a/b:1"));
        // Both started while the first is still held: had quay.io waited for ghcr.io, this would time out.
        await WaitForCallsAsync(inner, 2);
        var inFlight = inner.MaxInFlight;
        inner.Release();
        await Task.WhenAll(a, b);

        Assert.That(inFlight, Is.EqualTo(2));
    }

    [Test]
    public async Task ProbeAsync_QueueFull_IsInconclusiveWithoutProbing()
    {
        var inner = new CountingProbe(new FakeTimeProvider()) { Hold = true };
        using var limited = new ConcurrencyLimitedRegistryProbe(inner, permitsPerRegistry: 1, queueLimitPerRegistry: 1);

        var running = limited.ProbeAsync(Request("ghcr.io/a/b:1"));
        var queued = limited.ProbeAsync(Request("ghcr.io/a/b:2"));
        var refused = await limited.ProbeAsync(Request("ghcr.io/a/b:3"));
        inner.Release();
        await Task.WhenAll(running, queued);

        Assert.Multiple(() =>
        {
            Assert.That(refused.Verdict, Is.EqualTo(ProbeVerdict.Inconclusive));
            Assert.That(refused.Detail, Does.Contain("waiting for ghcr.io"));
            Assert.That(inner.Calls, Is.EqualTo(2));
        });
    }

    /// <summary>Waits (bounded, 10 s) until the inner probe has been called <paramref name="calls"/> times.</summary>
    private static async Task WaitForCallsAsync(CountingProbe inner, int calls)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (inner.Calls < calls)
        {
            await Task.Delay(5, timeout.Token);
        }
    }
}
