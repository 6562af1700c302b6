using System.Net;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using PullDoctor.Operator.Events;

namespace PullDoctor.Operator.Tests.Events;

public sealed class EventRecorderTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private FakeTimeProvider _time = null!;
    private FakeEventSink _sink = null!;
    private EventRecorder _recorder = null!;

    [SetUp]
    public async Task SetUp()
    {
        _time = new FakeTimeProvider(DateTimeOffset.Parse("2026-03-01T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        _sink = new FakeEventSink();
        _recorder = await StartAsync(new EventRecorderOptions { ReportingInstance = "pulldoctor-0" });
    }

    [TearDown]
    public async Task TearDown()
    {
        await _recorder.StopAsync(CancellationToken.None);
        _recorder.Dispose();
    }

    [Test]
    public async Task Record_First_CreatesEventsV1EventAboutTheObject()
    {
        _recorder.Record(Pod("web"), EventTypes.Warning, "TagNotFound", "Diagnose", "nginx:1.25.x: tag \"1.25.x\" does not exist");
        await ProcessedAsync(1);

        var created = _sink.Created.Single();
        Assert.Multiple(() =>
        {
            Assert.That(created.Metadata.NamespaceProperty, Is.EqualTo("shop"));
            Assert.That(created.Metadata.Name, Does.Match("^web\\.[0-9a-f]+$"));
            Assert.That(created.Regarding.Name, Is.EqualTo("web"));
            Assert.That(created.Type, Is.EqualTo("Warning"));
            Assert.That(created.Reason, Is.EqualTo("TagNotFound"));
            Assert.That(created.Action, Is.EqualTo("Diagnose"));
            Assert.That(created.Note, Does.StartWith("nginx:1.25.x"));
            Assert.That(created.ReportingController, Is.EqualTo("pulldoctor.dev/pulldoctor"));
            Assert.That(created.ReportingInstance, Is.EqualTo("pulldoctor-0"));
            Assert.That(created.EventTime, Is.EqualTo(_time.GetUtcNow().UtcDateTime));
            Assert.That(created.Series, Is.Null);
        });
    }

    [Test]
    public async Task Record_IsomorphicRepeats_BecomeSeriesPatchesOnTheFirstEvent()
    {
        _recorder.Record(Pod("web"), EventTypes.Warning, "TagNotFound", "Diagnose", "first wording");
        await ProcessedAsync(1);
        _time.Advance(TimeSpan.FromMinutes(1));
        _recorder.Record(Pod("web"), EventTypes.Warning, "TagNotFound", "Diagnose", "the note is not part of the identity");
        await ProcessedAsync(2);
        _time.Advance(TimeSpan.FromMinutes(1));
        _recorder.Record(Pod("web"), EventTypes.Warning, "TagNotFound", "Diagnose", "third");
        await ProcessedAsync(3);

        Assert.That(_sink.Created, Has.Count.EqualTo(1));
        var name = _sink.Created.Single().Metadata.Name;
        var patches = _sink.Patches.ToArray();
        Assert.That(patches.Select(p => (p.Name, p.Series.Count)), Is.EqualTo(new[] { (name, 2), (name, 3) }));
        Assert.That(patches[^1].Series.LastObservedTime, Is.EqualTo(_time.GetUtcNow().UtcDateTime));
        Assert.That(_recorder.Stats.SeriesUpdates, Is.EqualTo(2));
    }

    [Test]
    public async Task Record_RepeatAfterSeriesWindow_CreatesNewEvent()
    {
        _recorder.Record(Pod("web"), EventTypes.Warning, "TagNotFound", "Diagnose", "once");
        await ProcessedAsync(1);
        _time.Advance(TimeSpan.FromMinutes(7));

        _recorder.Record(Pod("web"), EventTypes.Warning, "TagNotFound", "Diagnose", "again, much later");
        await ProcessedAsync(2);

        Assert.That(_sink.Created, Has.Count.EqualTo(2));
        Assert.That(_sink.Patches, Is.Empty);
    }

    [Test]
    public async Task Record_DifferentReasonOrType_IsANewEvent()
    {
        _recorder.Record(Pod("web"), EventTypes.Warning, "TagNotFound", "Diagnose", "a");
        _recorder.Record(Pod("web"), EventTypes.Warning, "AuthenticationRequired", "Diagnose", "b");
        _recorder.Record(Pod("web"), EventTypes.Normal, "ImagePullRecovered", "Diagnose", "c");
        _recorder.Record(Pod("api"), EventTypes.Warning, "TagNotFound", "Diagnose", "d");
        await ProcessedAsync(4);

        Assert.That(_sink.Created, Has.Count.EqualTo(4));
    }

    [Test]
    public async Task Record_BurstOnOneObject_LimitedTo25ThenOnePerFiveMinutes()
    {
        for (var i = 0; i < 30; i++)
            _recorder.Record(Pod("web"), EventTypes.Warning, $"Reason{i}", "Diagnose", "spam");
        _recorder.Record(Pod("other"), EventTypes.Warning, "TagNotFound", "Diagnose", "another object has its own bucket");
        await ProcessedAsync(26);

        Assert.That(_recorder.Stats.DroppedSpam, Is.EqualTo(5));
        Assert.That(_sink.Created, Has.Count.EqualTo(26));

        _time.Advance(TimeSpan.FromMinutes(5));
        _recorder.Record(Pod("web"), EventTypes.Warning, "Later", "Diagnose", "one token back");
        _recorder.Record(Pod("web"), EventTypes.Warning, "Later2", "Diagnose", "but only one");
        await ProcessedAsync(27);
        Assert.That(_recorder.Stats.DroppedSpam, Is.EqualTo(6));
    }

    [Test]
    public async Task Record_QueueFull_DropsAndCountsWithoutBlockingOrThrowing()
    {
        await _recorder.StopAsync(CancellationToken.None);
        _recorder.Dispose();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _sink.Gate = release.Task;
        _recorder = await StartAsync(new EventRecorderOptions { QueueCapacity = 2 });

        _recorder.Record(Pod("a"), EventTypes.Warning, "R", "Diagnose", "taken by the sender, which blocks");
        await EventuallyAsync(() => Volatile.Read(ref _sink.Calls) == 1);
        for (var i = 0; i < 5; i++)
            _recorder.Record(Pod($"b{i}"), EventTypes.Warning, "R", "Diagnose", "queued or dropped");

        Assert.That(_recorder.Stats.DroppedQueueFull, Is.EqualTo(3));
        release.SetResult();
        await ProcessedAsync(3);
    }

    [Test]
    public async Task Stop_BlockedApi_GivesUpAfterDrainTimeout()
    {
        await _recorder.StopAsync(CancellationToken.None);
        _recorder.Dispose();
        _sink.Gate = new TaskCompletionSource().Task;
        _recorder = await StartAsync(new EventRecorderOptions { DrainTimeout = TimeSpan.FromMilliseconds(50) });
        _recorder.Record(Pod("a"), EventTypes.Normal, "ImagePullRecovered", "Diagnose", "never lands");
        await EventuallyAsync(() => Volatile.Read(ref _sink.Calls) == 1);

        await _recorder.StopAsync(CancellationToken.None).WaitAsync(Patience);

        Assert.That(_sink.Created, Is.Empty);
    }

    [Test]
    public async Task Record_ApiFailure_LoggedAndCountedNeverThrown()
    {
        _sink.FailWith = () => new HttpOperationException("forbidden") { Response = new HttpResponseMessageWrapper(new HttpResponseMessage(HttpStatusCode.Forbidden), string.Empty) };

        Assert.DoesNotThrow(() => _recorder.Record(Pod("web"), EventTypes.Warning, "TagNotFound", "Diagnose", "x"));
        await ProcessedAsync(1);

        Assert.That(_recorder.Stats.Failed, Is.EqualTo(1));
        Assert.That(_sink.Calls, Is.EqualTo(1), "a 403 is not retried");
        _sink.FailWith = () => null;
        _recorder.Record(Pod("api"), EventTypes.Warning, "TagNotFound", "Diagnose", "the sender keeps going");
        await ProcessedAsync(2);
        Assert.That(_sink.Created, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Record_TransientFailure_Retried()
    {
        var failures = 2;
        _sink.FailWith = () => failures-- > 0 ? new HttpRequestException("connection reset") : null;

        _recorder.Record(Pod("web"), EventTypes.Warning, "TagNotFound", "Diagnose", "x");
        await AdvanceUntilAsync(() => _recorder.Stats.Processed == 1);

        Assert.That(_sink.Calls, Is.EqualTo(3));

        Assert.That(_sink.Created, Has.Count.EqualTo(1));
        Assert.That(_recorder.Stats.Failed, Is.Zero);
    }

    [Test]
    public void Record_InvalidArguments_NeverThrow()
    {
        Assert.DoesNotThrow(() => _recorder.Record(null!, EventTypes.Warning, "R", "A", "n"));
        Assert.DoesNotThrow(() => _recorder.Record(Pod("web"), EventTypes.Warning, null!, "A", "n"));
        Assert.DoesNotThrow(() => _recorder.Record(Pod("web"), EventTypes.Warning, "R", "A", null!));
        Assert.That(_recorder.Stats.Failed, Is.EqualTo(2));
    }

    [Test]
    public async Task Record_LongNote_TruncatedTo1KiBOfUtf8()
    {
        _recorder.Record(Pod("web"), EventTypes.Warning, "TagNotFound", "Diagnose", new string('é', 2000));
        await ProcessedAsync(1);

        Assert.That(System.Text.Encoding.UTF8.GetByteCount(_sink.Created.Single().Note), Is.LessThanOrEqualTo(1024));
    }

    [Test]
    public async Task Stop_SendsInFlightAndQueuedEvents()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await _recorder.StopAsync(CancellationToken.None);
        _recorder.Dispose();
        _sink.Gate = release.Task;
        _recorder = await StartAsync(new EventRecorderOptions());
        _recorder.Record(Pod("a"), EventTypes.Normal, "ImagePullRecovered", "Diagnose", "first");
        _recorder.Record(Pod("b"), EventTypes.Normal, "ImagePullRecovered", "Diagnose", "second");
        await EventuallyAsync(() => Volatile.Read(ref _sink.Calls) == 1);

        var stopping = _recorder.StopAsync(CancellationToken.None);
        release.SetResult();
        await stopping.WaitAsync(Patience);

        Assert.That(_sink.Created.Select(e => e.Regarding.Name), Is.EquivalentTo(new[] { "a", "b" }), "in-flight and queued events land within the drain timeout");
    }

    private async Task<EventRecorder> StartAsync(EventRecorderOptions options)
    {
        var recorder = new EventRecorder(_sink, options, _time, NullLogger<EventRecorder>.Instance);
        await recorder.StartAsync(CancellationToken.None);
        return recorder;
    }

    private static V1ObjectReference Pod(string name) => new() { ApiVersion = "v1", Kind = "Pod", Name = name, NamespaceProperty = "shop", Uid = $"uid-{name}" };

    private Task ProcessedAsync(long count) => EventuallyAsync(() => _recorder.Stats.Processed >= count);

    /// <summary>Moves fake time on in small steps until the sender, which waits on it, gets there.</summary>
    private async Task AdvanceUntilAsync(Func<bool> condition)
    {
        using var cts = new CancellationTokenSource(Patience);
        while (!condition())
        {
            _time.Advance(TimeSpan.FromMilliseconds(100));
            await Task.Delay(1, cts.Token);
        }
    }

    private static async Task EventuallyAsync(Func<bool> condition)
    {
        using var cts = new CancellationTokenSource(Patience);
        while (!condition())
            await Task.Delay(2, cts.Token);
    }
}
