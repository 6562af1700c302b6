using System.Globalization;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using PullDoctor.Operator.Informers;
using PullDoctor.Operator.Queues;
using PullDoctor.Testing;

namespace PullDoctor.Operator.Tests.Informers;

/// <summary>The reflector against the in-process API server, through the typed KubernetesClient pod APIs.</summary>
public sealed class PodInformerTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private KubeApiServer _server = null!;
    private Kubernetes _client = null!;
    private Informer<V1Pod, StuckPod>? _informer;
    private InformerEventLog<StuckPod> _events = null!;

    [SetUp]
    public async Task SetUp()
    {
        _server = await KubeApiServer.StartAsync(new KubeApiServerOptions { BookmarkInterval = TimeSpan.FromMilliseconds(200) });
        _client = _server.CreateClient();
        _events = new InformerEventLog<StuckPod>();
    }

    [TearDown]
    public async Task TearDown()
    {
        if (_informer is not null)
        {
            await _informer.StopAsync(CancellationToken.None);
            _informer.Dispose();
        }

        _client.Dispose();
        await _server.DisposeAsync();
    }

    [Test]
    public async Task InitialList_PagesThroughAllPods_KeepsOnlyStuckProjections()
    {
        for (var i = 0; i < 23; i++)
            _server.CreateOrReplace(i % 3 == 0 ? PodFixtures.Stuck($"p{i}") : PodFixtures.Running($"p{i}"));

        await StartAsync(o => o.PageSize = 5);

        Assert.That(_informer!.HasSynced, Is.True);
        Assert.That(_informer.Store.Count, Is.EqualTo(8));
        Assert.That(_informer.Stats.FilteredOut, Is.EqualTo(15));
        Assert.That(_server.Requests.Count("list", "pods"), Is.EqualTo(5), "23 pods in pages of 5");
        Assert.That(_informer.Store.TryGet(new ObjectKey("default", "p3"), out var kept), Is.True);
        Assert.That(kept, Is.EqualTo(new StuckPod("p3", "ImagePullBackOff", "nginx:1.25.x")));
    }

    [Test]
    public async Task Watch_PodBecomesStuckThenRecovers_AddedThenDeleted()
    {
        _server.CreateOrReplace(PodFixtures.Running("web"));
        await StartAsync();
        Assert.That(_informer!.Store.Count, Is.Zero);

        await SetStatusAsync("web", PodFixtures.StuckStatus(reason: "ErrImagePull"));
        var added = await _events.NextAsync();
        Assert.That(added.Type, Is.EqualTo(InformerEventType.Added));
        Assert.That(added.Key, Is.EqualTo(new ObjectKey("default", "web")));
        Assert.That(added.Object.Reason, Is.EqualTo("ErrImagePull"));

        await SetStatusAsync("web", PodFixtures.StuckStatus(reason: "ImagePullBackOff"));
        var updated = await _events.NextAsync();
        Assert.That(updated.Type, Is.EqualTo(InformerEventType.Updated));
        Assert.That(updated.OldObject!.Reason, Is.EqualTo("ErrImagePull"));
        Assert.That(updated.Object.Reason, Is.EqualTo("ImagePullBackOff"));

        await SetStatusAsync("web", PodFixtures.RunningStatus());
        var deleted = await _events.NextAsync();
        Assert.That(deleted.Type, Is.EqualTo(InformerEventType.Deleted), "a pod that stops passing the filter leaves the store");
        Assert.That(deleted.Object.Reason, Is.EqualTo("ImagePullBackOff"), "Deleted carries the last kept projection");
        Assert.That(_informer.Store.Count, Is.Zero);
    }

    [Test]
    public async Task Watch_ChangeOutsideTheProjection_RaisesNoEvent()
    {
        _server.CreateOrReplace(PodFixtures.Stuck("web"));
        await StartAsync();
        await _events.NextAsync();

        await _client.CoreV1.PatchNamespacedPodAsync(new V1Patch("""{"metadata":{"labels":{"touched":"yes"}}}""", V1Patch.PatchType.MergePatch), "web", "default");
        _server.CreateOrReplace(PodFixtures.Stuck("marker"));

        var next = await _events.NextAsync();
        Assert.That(next.Key.Name, Is.EqualTo("marker"), "the label change of web produced no Updated event");
    }

    [Test]
    public async Task Watch_HealthyPodChurn_IsLookedAtAndDropped()
    {
        await StartAsync();
        for (var i = 0; i < 20; i++)
            _server.CreateOrReplace(PodFixtures.Running($"healthy{i}"));
        _server.CreateOrReplace(PodFixtures.Stuck("marker"));

        var first = await _events.NextAsync();

        Assert.That(first.Key.Name, Is.EqualTo("marker"));
        Assert.That(_informer!.Store.Count, Is.EqualTo(1));
        Assert.That(_informer.Stats.FilteredOut, Is.GreaterThanOrEqualTo(20), "every healthy pod was looked at");
    }

    [Test]
    public async Task Watch_PodDeleted_DeletedEvent()
    {
        _server.CreateOrReplace(PodFixtures.Stuck("web"));
        await StartAsync();
        await _events.NextAsync();

        await _client.CoreV1.DeleteNamespacedPodAsync("web", "default");

        var deleted = await _events.NextAsync();
        Assert.That(deleted.Type, Is.EqualTo(InformerEventType.Deleted));
        Assert.That(deleted.Key.Name, Is.EqualTo("web"));
    }

    [Test]
    public async Task Gone_Relists_AndSynthesizesDeletionOfPodDeletedWhileDisconnected()
    {
        _server.CreateOrReplace(PodFixtures.Stuck("stays"));
        _server.CreateOrReplace(PodFixtures.Stuck("vanishes"));
        await StartAsync();
        await _events.NextAsync();
        await _events.NextAsync();

        // Keep the informer off the air while the pod goes and the history it would need is compacted.
        var outage = _server.Faults.FailNext(int.MaxValue, 500, verb: "watch", resource: "pods");
        await EventuallyAsync(() => _server.Faults.CloseAllWatches() >= 0 && _informer!.Stats.WatchRestarts >= 2);
        await _client.CoreV1.DeleteNamespacedPodAsync("vanishes", "default");
        _server.CreateOrReplace(PodFixtures.Stuck("arrives"));
        _server.Faults.CompactHistory();
        _server.Faults.Reset();

        var changes = new[] { await _events.NextAsync(), await _events.NextAsync() };

        Assert.That(changes.Select(c => (c.Type, c.Key.Name)), Is.EquivalentTo(new[]
        {
            (InformerEventType.Deleted, "vanishes"),
            (InformerEventType.Added, "arrives"),
        }));
        Assert.That(_informer!.Stats.Gone, Is.GreaterThanOrEqualTo(1));
        Assert.That(_informer.Stats.Relists, Is.EqualTo(1));
        Assert.That(_informer.Store.Keys().Select(k => k.Name), Is.EquivalentTo(new[] { "stays", "arrives" }));
        GC.KeepAlive(outage);
    }

    [Test]
    public async Task Bookmark_AdvancesResourceVersion_NextWatchResumesFromIt()
    {
        await StartAsync();
        var listed = long.Parse(_informer!.LastResourceVersion!, CultureInfo.InvariantCulture);

        // Unrelated writes move the global resourceVersion; only a bookmark can tell the pod watch about it.
        _server.EnsureNamespace("elsewhere");
        await EventuallyAsync(() => long.Parse(_informer.LastResourceVersion!, CultureInfo.InvariantCulture) > listed);
        var bookmarked = _informer.LastResourceVersion!;
        Assert.That(_informer.Stats.Bookmarks, Is.GreaterThan(0));

        await CloseWatchesAsync();
        await CloseWatchesAsync();
        await EventuallyAsync(() => _server.Requests.Count("watch", "pods") >= 2);

        var watches = _server.Requests.Where("watch", "pods");
        Assert.That(watches[0].Query, Does.Contain($"resourceVersion={listed}"));
        Assert.That(watches[1].Query, Does.Contain("allowWatchBookmarks=true"));
        Assert.That(long.Parse(ResourceVersionOf(watches[1].Query), CultureInfo.InvariantCulture), Is.GreaterThanOrEqualTo(long.Parse(bookmarked, CultureInfo.InvariantCulture)));
        Assert.That(_informer.Stats.Relists, Is.Zero, "resuming from a bookmark needs no relist");
    }

    [Test]
    public async Task Watch_ServerTimeout_IsJitteredWithinBounds()
    {
        await StartAsync(o =>
        {
            o.WatchTimeoutMin = TimeSpan.FromSeconds(300);
            o.WatchTimeoutMax = TimeSpan.FromSeconds(600);
        });
        for (var i = 0; i < 3; i++)
            await CloseWatchesAsync();

        await EventuallyAsync(() => _server.Requests.Count("watch", "pods") >= 3);
        var timeouts = _server.Requests.Where("watch", "pods").Select(r => int.Parse(QueryValue(r.Query, "timeoutSeconds"), CultureInfo.InvariantCulture)).ToArray();
        Assert.That(timeouts, Is.All.InRange(300, 599));
    }

    [Test]
    public async Task WatchFailures_BackOffAndRecover()
    {
        await StartAsync();
        _server.Faults.FailNext(3, 500, verb: "watch", resource: "pods");

        // Closing repeatedly also ends a watch that slipped past the fault while it was being set up.
        await EventuallyAsync(() => _server.Faults.CloseAllWatches() >= 0 && _informer!.Stats.WatchRestarts >= 3);
        _server.CreateOrReplace(PodFixtures.Stuck("after-outage"));
        var added = await _events.NextAsync();

        Assert.That(added.Key.Name, Is.EqualTo("after-outage"));
        Assert.That(_informer!.Stats.WatchRestarts, Is.GreaterThanOrEqualTo(3));
        Assert.That(_informer.Stats.Relists, Is.Zero, "a 500 resumes from the last resourceVersion");
    }

    [Test]
    public async Task ListFailures_AtStart_RetriedUntilSynced()
    {
        _server.CreateOrReplace(PodFixtures.Stuck("web"));
        _server.Faults.FailNext(2, 503, verb: "list", resource: "pods", retryAfter: TimeSpan.Zero);

        await StartAsync();

        Assert.That(_informer!.Store.Count, Is.EqualTo(1));
        Assert.That(_informer.Stats.WatchRestarts, Is.EqualTo(2));
    }

    [Test]
    public async Task AddHandler_AfterSync_ReplaysKeptObjectsAsAdded()
    {
        _server.CreateOrReplace(PodFixtures.Stuck("a"));
        _server.CreateOrReplace(PodFixtures.Stuck("b"));
        _server.CreateOrReplace(PodFixtures.Running("c"));
        await StartAsync();
        var late = new InformerEventLog<StuckPod>();

        using var registration = _informer!.AddHandler(late.Handle);

        var replayed = new[] { await late.NextAsync(), await late.NextAsync() };
        Assert.That(replayed.Select(e => (e.Type, e.Key.Name)), Is.EquivalentTo(new[] { (InformerEventType.Added, "a"), (InformerEventType.Added, "b") }));
    }

    [Test]
    public async Task Watchdog_SilentWatch_Reconnects()
    {
        await _server.DisposeAsync();
        _client.Dispose();
        _server = await KubeApiServer.StartAsync(new KubeApiServerOptions { BookmarkInterval = TimeSpan.FromHours(1) });
        _client = _server.CreateClient();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await StartAsync(
            o =>
            {
                o.StallTimeout = TimeSpan.FromMinutes(1);
                o.BackoffInitial = TimeSpan.Zero;
                o.BackoffMax = TimeSpan.Zero;
            },
            time);
        await EventuallyAsync(() => _informer!.Stats.WatchStarts == 1);

        time.Advance(TimeSpan.FromSeconds(59));
        Assert.That(_informer!.Stats.WatchdogReconnects, Is.Zero);
        time.Advance(TimeSpan.FromSeconds(16));

        await EventuallyAsync(() => _informer.Stats.WatchStarts == 2);
        Assert.That(_informer.Stats.WatchdogReconnects, Is.EqualTo(1));
        _server.CreateOrReplace(PodFixtures.Stuck("after-reconnect"));
        Assert.That((await _events.NextAsync()).Key.Name, Is.EqualTo("after-reconnect"));
    }

    private async Task StartAsync(Action<InformerOptions<V1Pod, StuckPod>>? configure = null, TimeProvider? time = null)
    {
        var options = new InformerOptions<V1Pod, StuckPod>
        {
            Name = "pods",
            Filter = StuckPod.IsStuck,
            Transform = StuckPod.From,
            BackoffInitial = TimeSpan.FromMilliseconds(10),
            BackoffMax = TimeSpan.FromMilliseconds(50),
            MinWatchDuration = TimeSpan.Zero,
        };
        configure?.Invoke(options);
        _informer = new Informer<V1Pod, StuckPod>(new PodListWatch(_client), options, time ?? TimeProvider.System, NullLogger<Informer<V1Pod, StuckPod>>.Instance);
        _informer.AddHandler(_events.Handle);
        await _informer.StartAsync(CancellationToken.None);
        await _informer.WaitForSyncAsync(CancellationToken.None).WaitAsync(Patience);
    }

    private async Task SetStatusAsync(string name, JsonObject status)
    {
        var patch = new JsonObject { ["status"] = status };
        await _client.CoreV1.PatchNamespacedPodStatusAsync(new V1Patch(patch.ToJsonString(), V1Patch.PatchType.MergePatch), name, "default");
    }

    /// <summary>Ends the informer's open watch, waiting for it to reach the server first.</summary>
    private async Task CloseWatchesAsync()
    {
        using var cts = new CancellationTokenSource(Patience);
        while (_server.Faults.CloseAllWatches() == 0)
            await Task.Delay(5, cts.Token);
    }

    private static string ResourceVersionOf(string query) => QueryValue(query, "resourceVersion");

    private static string QueryValue(string query, string name) =>
        query.TrimStart('?').Split('&').Select(p => p.Split('=', 2)).First(p => p[0] == name)[1];

    private static async Task EventuallyAsync(Func<bool> condition)
    {
        using var cts = new CancellationTokenSource(Patience);
        while (!condition())
            await Task.Delay(5, cts.Token);
    }
}
