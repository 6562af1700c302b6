using Microsoft.Extensions.Time.Testing;
using PullDoctor.Operator.Queues;

namespace PullDoctor.Operator.Tests.Queues;

public sealed class RateLimitingWorkQueueTests
{
    private readonly FakeTimeProvider _time = new();

    [Test]
    public async Task AddRateLimited_RepeatedFailures_WaitGrowsPerItem()
    {
        using var queue = new RateLimitingWorkQueue<string>(_time);

        foreach (var expectedMs in new[] { 5, 10, 20, 40 })
        {
            queue.AddRateLimited("a");
            _time.Advance(TimeSpan.FromMilliseconds(expectedMs - 1));
            Assert.That(queue.Length, Is.Zero, $"not ready before {expectedMs} ms");
            _time.Advance(TimeSpan.FromMilliseconds(1));
            Assert.That(queue.Length, Is.EqualTo(1), $"ready after {expectedMs} ms");
            var (item, _) = await queue.GetAsync(CancellationToken.None);
            queue.Done(item);
        }

        Assert.That(queue.NumRequeues("a"), Is.EqualTo(4));
        Assert.That(queue.RetriesTotal, Is.EqualTo(4));
    }

    [Test]
    public void Forget_AfterFailures_ResetsBackOff()
    {
        using var queue = new RateLimitingWorkQueue<string>(_time);
        queue.AddRateLimited("a");
        queue.AddRateLimited("a");

        queue.Forget("a");

        Assert.That(queue.NumRequeues("a"), Is.Zero);
    }

    [Test]
    public void AddAfter_ThenAdd_ItemQueuedOnceWhenDelayExpires()
    {
        using var queue = new RateLimitingWorkQueue<string>(_time);
        queue.AddAfter("a", TimeSpan.FromSeconds(5));
        queue.Add("a");

        _time.Advance(TimeSpan.FromSeconds(5));

        Assert.That(queue.Length, Is.EqualTo(1), "dirty-set dedupe also covers delayed adds");
    }
}
