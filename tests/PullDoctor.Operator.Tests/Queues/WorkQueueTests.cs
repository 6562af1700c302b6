using PullDoctor.Operator.Queues;

namespace PullDoctor.Operator.Tests.Queues;

public sealed class WorkQueueTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Test]
    public async Task Add_SameItemTwiceBeforeGet_HandsItOutOnce()
    {
        var queue = new WorkQueue<string>();
        queue.Add("a");
        queue.Add("a");
        queue.Add("b");

        Assert.That(queue.Length, Is.EqualTo(2));
        Assert.That(queue.AddsTotal, Is.EqualTo(2));
        var (first, _) = await queue.GetAsync(CancellationToken.None);
        var (second, _) = await queue.GetAsync(CancellationToken.None);
        Assert.That(new[] { first, second }, Is.EqualTo(new[] { "a", "b" }));
        Assert.That(queue.Length, Is.Zero);
    }

    [Test]
    public async Task Add_WhileItemIsProcessing_HandsItOutAgainOnlyAfterDone()
    {
        var queue = new WorkQueue<string>();
        queue.Add("a");
        var (item, _) = await queue.GetAsync(CancellationToken.None);

        queue.Add("a");
        queue.Add("a");
        var second = queue.GetAsync(CancellationToken.None);

        Assert.That(queue.Length, Is.Zero, "an item being processed is not queued a second time");
        Assert.That(second.IsCompleted, Is.False, "no second worker may get the key while the first holds it");

        queue.Done(item);
        var (again, shuttingDown) = await second.WaitAsync(Patience);
        Assert.That(again, Is.EqualTo("a"));
        Assert.That(shuttingDown, Is.False);
    }

    [Test]
    public async Task Done_WithoutNewAdd_DoesNotRequeue()
    {
        var queue = new WorkQueue<string>();
        queue.Add("a");
        var (item, _) = await queue.GetAsync(CancellationToken.None);
        queue.Done(item);

        Assert.That(queue.Length, Is.Zero);
        Assert.That(queue.ProcessingCount, Is.Zero);
    }

    [Test]
    public async Task GetAsync_Waiting_ReceivesNextAddedItem()
    {
        var queue = new WorkQueue<string>();
        var pending = queue.GetAsync(CancellationToken.None);
        Assert.That(pending.IsCompleted, Is.False);

        queue.Add("x");

        var (item, _) = await pending.WaitAsync(Patience);
        Assert.That(item, Is.EqualTo("x"));
        Assert.That(queue.ProcessingCount, Is.EqualTo(1));
    }

    [Test]
    public async Task GetAsync_Cancelled_DoesNotSwallowLaterItems()
    {
        var queue = new WorkQueue<string>();
        using var cts = new CancellationTokenSource();
        var cancelled = queue.GetAsync(cts.Token);
        await cts.CancelAsync();
        Assert.That(async () => await cancelled, Throws.InstanceOf<OperationCanceledException>());

        queue.Add("a");

        Assert.That(queue.Length, Is.EqualTo(1));
        var (item, _) = await queue.GetAsync(CancellationToken.None);
        Assert.That(item, Is.EqualTo("a"));
    }

    [Test]
    public async Task ShutDown_DrainsQueuedItemsThenReportsShutdown()
    {
        var queue = new WorkQueue<string>();
        var waiting = new WorkQueue<string>().GetAsync(CancellationToken.None);
        queue.Add("a");
        queue.ShutDown();
        queue.Add("b");

        var (item, first) = await queue.GetAsync(CancellationToken.None);
        var (_, second) = await queue.GetAsync(CancellationToken.None);

        Assert.That(item, Is.EqualTo("a"));
        Assert.That(first, Is.False);
        Assert.That(second, Is.True, "adds after shutdown are ignored, an empty shut-down queue says so");
        Assert.That(waiting.IsCompleted, Is.False);
    }

    [Test]
    public async Task ShutDown_ReleasesWaitingWorkers()
    {
        var queue = new WorkQueue<string>();
        var pending = queue.GetAsync(CancellationToken.None);

        queue.ShutDown();

        var (_, shuttingDown) = await pending.WaitAsync(Patience);
        Assert.That(shuttingDown, Is.True);
    }

    [Test]
    public async Task ManyWorkers_RandomAdds_NeverProcessOneKeyTwiceAtOnce()
    {
        var queue = new WorkQueue<int>();
        var inFlight = new int[8];
        var violations = 0;
        var processed = 0;
        using var done = new CancellationTokenSource();

        var workers = Enumerable.Range(0, 6).Select(_ => Task.Run(async () =>
        {
            while (true)
            {
                var (key, shuttingDown) = await queue.GetAsync(CancellationToken.None);
                if (shuttingDown)
                    return;
                if (Interlocked.Increment(ref inFlight[key]) != 1)
                    Interlocked.Increment(ref violations);
                await Task.Yield();
                Interlocked.Decrement(ref inFlight[key]);
                Interlocked.Increment(ref processed);
                queue.Done(key);
            }
        })).ToArray();

        var random = new Random(42);
        for (var i = 0; i < 20_000; i++)
        {
            queue.Add(random.Next(inFlight.Length));
            if (i % 100 == 0)
                await Task.Yield();
        }

        queue.ShutDown();
        await Task.WhenAll(workers).WaitAsync(Patience);

        Assert.That(violations, Is.Zero);
        Assert.That(processed, Is.GreaterThan(0));
        Assert.That(queue.ProcessingCount, Is.Zero);
    }
}
