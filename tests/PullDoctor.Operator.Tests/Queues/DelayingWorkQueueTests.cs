using Microsoft.Extensions.Time.Testing;
using PullDoctor.Operator.Queues;

namespace PullDoctor.Operator.Tests.Queues;

public sealed class DelayingWorkQueueTests
{
    private readonly FakeTimeProvider _time = new();

    [Test]
    public void AddAfter_BeforeDelayPasses_ItemIsNotReady()
    {
        using var queue = new DelayingWorkQueue<string>(new WorkQueue<string>(), _time);
        queue.AddAfter("a", TimeSpan.FromSeconds(10));

        _time.Advance(TimeSpan.FromSeconds(9.999));

        Assert.That(queue.Length, Is.Zero);
        Assert.That(queue.WaitingCount, Is.EqualTo(1));

        _time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.That(queue.Length, Is.EqualTo(1));
        Assert.That(queue.WaitingCount, Is.Zero);
    }

    [Test]
    public void AddAfter_EarlierTimeForWaitingItem_KeepsEarliest()
    {
        using var queue = new DelayingWorkQueue<string>(new WorkQueue<string>(), _time);
        queue.AddAfter("a", TimeSpan.FromSeconds(10));
        queue.AddAfter("a", TimeSpan.FromSeconds(2));

        _time.Advance(TimeSpan.FromSeconds(2));

        Assert.That(queue.Length, Is.EqualTo(1));
        Assert.That(queue.WaitingCount, Is.Zero, "the stale 10 s entry must not fire a second add");
    }

    [Test]
    public async Task AddAfter_LaterTimeForWaitingItem_KeepsEarliestAndAddsOnce()
    {
        using var queue = new DelayingWorkQueue<string>(new WorkQueue<string>(), _time);
        queue.AddAfter("a", TimeSpan.FromSeconds(1));
        queue.AddAfter("a", TimeSpan.FromSeconds(5));

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.That(queue.Length, Is.EqualTo(1));
        var (item, _) = await queue.GetAsync(CancellationToken.None);
        queue.Done(item);

        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.That(queue.Length, Is.Zero);
        Assert.That(queue.AddsTotal, Is.EqualTo(1));
    }

    [Test]
    public void AddAfter_SeveralItems_BecomeReadyInTimeOrder()
    {
        using var queue = new DelayingWorkQueue<string>(new WorkQueue<string>(), _time);
        queue.AddAfter("late", TimeSpan.FromSeconds(30));
        queue.AddAfter("early", TimeSpan.FromSeconds(10));
        queue.AddAfter("middle", TimeSpan.FromSeconds(20));

        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.That(queue.Length, Is.EqualTo(1));
        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.That(queue.Length, Is.EqualTo(2));
        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.That(queue.Length, Is.EqualTo(3));
    }

    [Test]
    public void AddAfter_ZeroDelay_AddsImmediately()
    {
        using var queue = new DelayingWorkQueue<string>(new WorkQueue<string>(), _time);
        queue.AddAfter("a", TimeSpan.Zero);

        Assert.That(queue.Length, Is.EqualTo(1));
    }

    [Test]
    public void ShutDown_DropsWaitingItems()
    {
        using var queue = new DelayingWorkQueue<string>(new WorkQueue<string>(), _time);
        queue.AddAfter("a", TimeSpan.FromSeconds(1));
        queue.ShutDown();

        _time.Advance(TimeSpan.FromSeconds(5));

        Assert.That(queue.Length, Is.Zero);
        Assert.That(queue.WaitingCount, Is.Zero);
    }
}
