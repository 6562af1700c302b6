using System.Text.Json;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using PullDoctor.Operator.Informers;
using PullDoctor.Operator.Queues;

namespace PullDoctor.Operator.Tests.Informers;

/// <summary>The reflector against a hand-driven list/watch, for what a real server cannot be made to do on cue.</summary>
public sealed class InformerScriptedTests
{
    private ScriptedListWatch _source = null!;
    private InformerEventLog<string> _events = null!;
    private Informer<V1ConfigMap, string>? _informer;

    [SetUp]
    public void SetUp()
    {
        _source = new ScriptedListWatch();
        _events = new InformerEventLog<string>();
    }

    [TearDown]
    public async Task TearDown()
    {
        if (_informer is not null)
        {
            await _informer.StopAsync(CancellationToken.None);
            _informer.Dispose();
        }
    }

    [Test]
    public async Task WatchStartsFromListResourceVersion_AndResumesFromLastEvent()
    {
        _source.List = _ => new ListPage<V1ConfigMap>([ScriptedListWatch.Map("a", "5")], null, "10");
        await StartAsync();
        var first = await _source.NextWatchAsync();
        Assert.That(first.ResourceVersion, Is.EqualTo("10"));

        first.Send(WatchEventType.Modified, ScriptedListWatch.Map("a", "12", "changed"));
        first.Send(WatchEventType.Bookmark, ScriptedListWatch.Bookmark("15"));
        await _events.NextMatchingAsync(e => e.Type == InformerEventType.Updated);
        first.Close();

        var second = await _source.NextWatchAsync();
        Assert.That(second.ResourceVersion, Is.EqualTo("15"));
        Assert.That(_source.ListCalls, Is.EqualTo(1));
    }

    [Test]
    public async Task InStreamGone_Relists()
    {
        _source.List = _ => new ListPage<V1ConfigMap>([], null, "10");
        await StartAsync();
        var watch = await _source.NextWatchAsync();

        watch.Fail(new KubernetesException(new V1Status { Code = 410, Reason = "Expired", Message = "too old resource version" }));
        _source.List = _ => new ListPage<V1ConfigMap>([ScriptedListWatch.Map("new", "40")], null, "40");

        var resumed = await _source.NextWatchAsync();
        Assert.That(resumed.ResourceVersion, Is.EqualTo("40"));
        Assert.That(_informer!.Stats.Relists, Is.EqualTo(1));
        Assert.That((await _events.NextAsync()).Key.Name, Is.EqualTo("new"));
    }

    [Test]
    public async Task UndecodableLine_Relists()
    {
        await StartAsync();
        var watch = await _source.NextWatchAsync();

        watch.Fail(new JsonException("'<' is an invalid start of a value."));

        await _source.NextWatchAsync();
        Assert.That(_informer!.Stats.DecodeErrors, Is.EqualTo(1));
        Assert.That(_source.ListCalls, Is.EqualTo(2), "a dropped event may have been missed, so the store is rebuilt");
    }

    [Test]
    public async Task TransformThrowsForOneObject_OthersKept()
    {
        _source.List = _ => new ListPage<V1ConfigMap>([ScriptedListWatch.Map("bad", "1"), ScriptedListWatch.Map("good", "2")], null, "2");

        await StartAsync(o => o.Transform = m => m.Metadata.Name == "bad" ? throw new InvalidOperationException("bug") : m.Metadata.Name);

        Assert.That(_informer!.Store.Keys(), Is.EqualTo(new[] { new ObjectKey("default", "good") }));
        Assert.That(_informer.Stats.TransformErrors, Is.EqualTo(1));
    }

    [Test]
    public async Task HandlerThrows_LaterEventsStillDelivered()
    {
        _source.List = _ => new ListPage<V1ConfigMap>([ScriptedListWatch.Map("a", "1"), ScriptedListWatch.Map("b", "2")], null, "2");
        var seen = new InformerEventLog<string>();
        await StartAsync(configureInformer: i => i.AddHandler(e =>
        {
            seen.Handle(e);
            if (e.Key.Name == "a")
                throw new InvalidOperationException("handler bug");
        }));

        Assert.That((await seen.NextAsync()).Key.Name, Is.EqualTo("a"));
        Assert.That((await seen.NextAsync()).Key.Name, Is.EqualTo("b"));
        Assert.That(_informer!.Stats.HandlerErrors, Is.EqualTo(1));
    }

    [Test]
    public async Task SlowHandler_DoesNotBlockTheReadLoopOrOtherHandlers()
    {
        var blocked = new TaskCompletionSource();
        await StartAsync(configureInformer: i => i.AddHandler(_ => blocked.Task.Wait()));
        var watch = await _source.NextWatchAsync();

        for (var i = 0; i < 100; i++)
            watch.Send(WatchEventType.Added, ScriptedListWatch.Map($"m{i}", (100 + i).ToString(System.Globalization.CultureInfo.InvariantCulture)));

        for (var i = 0; i < 100; i++)
            await _events.NextAsync();
        Assert.That(_informer!.Store.Count, Is.EqualTo(100));
        blocked.SetResult();
    }

    [Test]
    public async Task ImmediateEmptyClose_IsBackedOff()
    {
        var time = new FakeTimeProvider();
        await StartAsync(
            o =>
            {
                o.MinWatchDuration = TimeSpan.FromSeconds(1);
                o.BackoffInitial = TimeSpan.FromSeconds(1);
                o.BackoffMax = TimeSpan.FromSeconds(1);
            },
            time: time);
        var watch = await _source.NextWatchAsync();

        var closedAt = time.GetUtcNow();
        watch.Close();
        var next = _source.NextWatchAsync();

        // Step fake time until the informer reconnects; it must not do so before the 1 s back-off.
        using (var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
        {
            while (!next.IsCompleted)
            {
                time.Advance(TimeSpan.FromMilliseconds(100));
                await Task.Delay(1, cts.Token);
            }
        }

        await next;
        Assert.That(time.GetUtcNow() - closedAt, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(1)));
        Assert.That(_informer!.Stats.WatchRestarts, Is.EqualTo(1));
    }

    private async Task StartAsync(Action<InformerOptions<V1ConfigMap, string>>? configure = null, Action<Informer<V1ConfigMap, string>>? configureInformer = null, TimeProvider? time = null)
    {
        var options = new InformerOptions<V1ConfigMap, string>
        {
            Name = "scripted",
            Transform = m => m.Data?["value"] ?? string.Empty,
            BackoffInitial = TimeSpan.Zero,
            BackoffMax = TimeSpan.Zero,
            MinWatchDuration = TimeSpan.Zero,
        };
        configure?.Invoke(options);
        _informer = new Informer<V1ConfigMap, string>(_source.AsListWatch(), options, time ?? TimeProvider.System, NullLogger<Informer<V1ConfigMap, string>>.Instance);
        _informer.AddHandler(_events.Handle);
        configureInformer?.Invoke(_informer);
        await _informer.StartAsync(CancellationToken.None);
        await _informer.WaitForSyncAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
    }
}
