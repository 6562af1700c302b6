using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using PullDoctor.Operator.Controllers;
using PullDoctor.Operator.LeaderElection;
using PullDoctor.Operator.Queues;

namespace PullDoctor.Operator.Tests.Controllers;

public sealed class ControllerRunnerTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private FakeTimeProvider _time = null!;
    private RateLimitingWorkQueue<string> _queue = null!;
    private LeadershipGate _gate = null!;
    private ScriptedReconciler _reconciler = null!;
    private BlockingCollection<ReconcileReport> _reports = null!;
    private ControllerRunner<string> _runner = null!;

    [SetUp]
    public void SetUp()
    {
        _time = new FakeTimeProvider();
        _queue = new RateLimitingWorkQueue<string>(_time);
        _gate = new LeadershipGate();
        _reconciler = new ScriptedReconciler();
        _reports = [];
        _runner = NewRunner(workers: 1);
    }

    [TearDown]
    public async Task TearDown()
    {
        await _runner.StopAsync(CancellationToken.None);
        _runner.Dispose();
        _queue.Dispose();
        _gate.Dispose();
        _reports.Dispose();
    }

    [Test]
    public async Task Success_ForgetsBackOff()
    {
        var failures = 0;
        _reconciler.Step = (_, _) => failures++ < 2 ? throw new InvalidOperationException("boom") : Task.FromResult(ReconcileResult.Done);
        await StartLeadingAsync();

        _queue.Add("a");
        Assert.That((await NextReportAsync()).Outcome, Is.EqualTo(ReconcileOutcome.Error));
        _time.Advance(TimeSpan.FromMilliseconds(5));
        Assert.That((await NextReportAsync()).Outcome, Is.EqualTo(ReconcileOutcome.Error));
        Assert.That(_queue.NumRequeues("a"), Is.EqualTo(2));
        _time.Advance(TimeSpan.FromMilliseconds(10));

        Assert.That((await NextReportAsync()).Outcome, Is.EqualTo(ReconcileOutcome.Success));
        Assert.That(_queue.NumRequeues("a"), Is.Zero);
        Assert.That(_runner.Stats.Success, Is.EqualTo(1));
        Assert.That(_runner.Stats.Errors, Is.EqualTo(2));
    }

    [Test]
    public async Task Exception_RequeuedWithGrowingBackOff()
    {
        _reconciler.Step = (_, _) => throw new InvalidOperationException("API said 500");
        await StartLeadingAsync();
        _queue.Add("a");

        foreach (var backOffMs in new[] { 5, 10, 20 })
        {
            var report = await NextReportAsync();
            Assert.That(report.Outcome, Is.EqualTo(ReconcileOutcome.Error));
            Assert.That(report.Error, Is.InstanceOf<InvalidOperationException>());
            await WaitUntilAsync(() => _queue.WaitingCount == 1);
            _time.Advance(TimeSpan.FromMilliseconds(backOffMs - 1));
            Assert.That(_queue.Length + _reports.Count, Is.Zero, $"not retried before {backOffMs} ms");
            _time.Advance(TimeSpan.FromMilliseconds(1));
        }

        await NextReportAsync();
        Assert.That(_queue.NumRequeues("a"), Is.EqualTo(4));
    }

    [Test]
    public async Task TerminalException_CountedAndNotRequeued()
    {
        _reconciler.Step = (_, _) => throw new TerminalReconcileException("image reference can never parse");
        await StartLeadingAsync();

        _queue.Add("a");
        var report = await NextReportAsync();

        Assert.That(report.Outcome, Is.EqualTo(ReconcileOutcome.Error));
        Assert.That(report.Terminal, Is.True);
        Assert.That(_queue.WaitingCount + _queue.Length, Is.Zero);
        Assert.That(_runner.Stats.TerminalErrors, Is.EqualTo(1));
        Assert.That(_runner.Stats.Errors, Is.EqualTo(1));
    }

    [Test]
    public async Task WrappedTerminalException_IsTerminal()
    {
        _reconciler.Step = (_, _) => throw new InvalidOperationException("outer", new TerminalReconcileException("inner"));
        await StartLeadingAsync();

        _queue.Add("a");

        Assert.That((await NextReportAsync()).Terminal, Is.True);
    }

    [Test]
    public async Task RequeueAfter_ForgetsBackOffAndReconcilesAfterDelay()
    {
        var calls = 0;
        _reconciler.Step = (_, _) => Task.FromResult(calls++ switch
        {
            0 => throw new InvalidOperationException("first attempt fails"),
            1 => ReconcileResult.After(TimeSpan.FromMinutes(1)),
            _ => ReconcileResult.Done,
        });
        await StartLeadingAsync();
        _queue.Add("a");
        await NextReportAsync();
        _time.Advance(TimeSpan.FromMilliseconds(5));

        var report = await NextReportAsync();
        Assert.That(report.Outcome, Is.EqualTo(ReconcileOutcome.RequeueAfter));
        Assert.That(_queue.NumRequeues("a"), Is.Zero, "RequeueAfter forgets the error back-off");
        Assert.That(_queue.WaitingCount, Is.EqualTo(1));

        _time.Advance(TimeSpan.FromSeconds(59));
        Assert.That(_queue.Length, Is.Zero);
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.That((await NextReportAsync()).Outcome, Is.EqualTo(ReconcileOutcome.Success));
    }

    [Test]
    public async Task Requeue_IsRateLimited()
    {
        var calls = 0;
        _reconciler.Step = (_, _) => Task.FromResult(calls++ < 2 ? ReconcileResult.RequeueRateLimited : ReconcileResult.Done);
        await StartLeadingAsync();

        _queue.Add("a");
        Assert.That((await NextReportAsync()).Outcome, Is.EqualTo(ReconcileOutcome.Requeue));
        Assert.That(_queue.NumRequeues("a"), Is.EqualTo(1));
        _time.Advance(TimeSpan.FromMilliseconds(5));
        Assert.That((await NextReportAsync()).Outcome, Is.EqualTo(ReconcileOutcome.Requeue));
        _time.Advance(TimeSpan.FromMilliseconds(10));
        Assert.That((await NextReportAsync()).Outcome, Is.EqualTo(ReconcileOutcome.Success));
        Assert.That(_runner.Stats.Requeue, Is.EqualTo(2));
    }

    [Test]
    public async Task NotLeader_DoesNotReconcileUntilLeading()
    {
        await _runner.StartAsync(CancellationToken.None);
        _queue.Add("a");

        Assert.That(_runner.IsRunning, Is.False);
        Assert.That(_reconciler.Calls, Is.Empty);

        _gate.BecomeLeader();

        Assert.That(await _reconciler.NextCallAsync(), Is.EqualTo("a"));
    }

    [Test]
    public async Task LeadershipLost_CancelsInFlightReconcileAndKeepsKeyForNextTerm()
    {
        var firstCall = true;
        _reconciler.Step = async (_, ct) =>
        {
            if (firstCall)
            {
                firstCall = false;
                await Task.Delay(Timeout.Infinite, ct);
            }

            return ReconcileResult.Done;
        };
        await StartLeadingAsync();
        _queue.Add("a");
        await _reconciler.NextCallAsync();

        _gate.LoseLeadership();
        var interrupted = await NextReportAsync();

        Assert.That(interrupted.Outcome, Is.EqualTo(ReconcileOutcome.Interrupted));
        await WaitUntilAsync(() => !_runner.IsRunning);
        Assert.That(_queue.Length, Is.EqualTo(1), "the key survives the lost term");
        Assert.That(_runner.Stats.Errors, Is.Zero);

        _gate.BecomeLeader();
        Assert.That((await NextReportAsync()).Outcome, Is.EqualTo(ReconcileOutcome.Success));
    }

    [Test]
    public async Task ManyWorkers_SameKeyAddedRepeatedly_NeverReconciledConcurrently()
    {
        await _runner.StopAsync(CancellationToken.None);
        _runner.Dispose();
        _runner = NewRunner(workers: 4);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _reconciler.Step = async (_, _) =>
        {
            await release.Task;
            return ReconcileResult.Done;
        };
        await StartLeadingAsync();

        _queue.Add("a");
        await _reconciler.NextCallAsync();
        for (var i = 0; i < 10; i++)
            _queue.Add("a");
        _queue.Add("b");
        await _reconciler.NextCallAsync();

        Assert.That(_reconciler.Calls["a"], Is.EqualTo(1));
        release.SetResult();
        await WaitUntilAsync(() => _runner.Stats.Success == 3);

        Assert.That(_reconciler.Calls["a"], Is.EqualTo(2), "ten adds during processing collapse into one more reconcile");
        Assert.That(_reconciler.MaxConcurrentPerKeyViolations, Is.Zero);
    }

    [Test]
    public async Task WaitForCacheSync_GatesWorkers()
    {
        await _runner.StopAsync(CancellationToken.None);
        _runner.Dispose();
        var synced = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _runner = NewRunner(workers: 1, waitForSync: ct => synced.Task.WaitAsync(ct));
        await StartLeadingAsync();
        _queue.Add("a");

        Assert.That(_reconciler.Calls, Is.Empty);
        synced.SetResult();

        Assert.That(await _reconciler.NextCallAsync(), Is.EqualTo("a"));
    }

    [Test]
    public async Task ObserverThrows_WorkerSurvives()
    {
        await _runner.StopAsync(CancellationToken.None);
        _runner.Dispose();
        var seen = 0;
        _runner = new ControllerRunner<string>(
            _reconciler,
            _queue,
            _gate,
            new ControllerRunnerOptions { OnReconciled = _ => { Interlocked.Increment(ref seen); throw new InvalidOperationException("observer bug"); } },
            _time,
            NullLogger<ControllerRunner<string>>.Instance);
        await StartLeadingAsync();

        _queue.Add("a");
        await _reconciler.NextCallAsync();
        _queue.Add("b");
        await _reconciler.NextCallAsync();

        await WaitUntilAsync(() => Volatile.Read(ref seen) == 2);
    }

    private ControllerRunner<string> NewRunner(int workers, Func<CancellationToken, Task>? waitForSync = null) => new(
        _reconciler,
        _queue,
        _gate,
        new ControllerRunnerOptions { Name = "test", Workers = workers, WaitForCacheSync = waitForSync, OnReconciled = r => _reports.Add(r) },
        _time,
        NullLogger<ControllerRunner<string>>.Instance);

    private async Task StartLeadingAsync()
    {
        await _runner.StartAsync(CancellationToken.None);
        _gate.BecomeLeader();
    }

    private async Task<ReconcileReport> NextReportAsync() =>
        await Task.Run(() => _reports.TryTake(out var report, Patience) ? report : throw new TimeoutException("no reconcile report"));

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var cts = new CancellationTokenSource(Patience);
        while (!condition())
            await Task.Delay(1, cts.Token);
    }
}
