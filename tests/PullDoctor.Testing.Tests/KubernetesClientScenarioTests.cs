using System.Globalization;
using k8s;
using k8s.Autorest;
using k8s.LeaderElection;
using k8s.LeaderElection.ResourceLock;
using k8s.Models;

namespace PullDoctor.Testing.Tests;

/// <summary>What an operator built on KubernetesClient 21 does: typed CRs, watches with bookmarks, relist on 410, leader election.</summary>
public sealed class KubernetesClientScenarioTests
{
    private static V1Pod Pod(string name) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1PodSpec { Containers = [new V1Container { Name = "web", Image = "nginx:1.25" }] },
    };

    [Test]
    public async Task CustomResourceFromCrd_TypedCreateListStatusUpdate()
    {
        await using var server = await KubeApiServer.StartAsync();
        server.Apply(Objects.WidgetCrd);
        using var client = server.CreateClient();

        var created = await client.CustomObjects.CreateNamespacedCustomObjectAsync<Widget>(
            new Widget { Metadata = new V1ObjectMeta { Name = "w1" }, Spec = new WidgetSpec { Size = 2 } },
            "demo.example.com", "v1", "default", "widgets");
        created.Status = new WidgetStatus { Phase = "Ready" };
        var status = await client.CustomObjects.ReplaceNamespacedCustomObjectStatusAsync<Widget>(created, "demo.example.com", "v1", "default", "widgets", "w1");
        var list = await client.CustomObjects.ListNamespacedCustomObjectAsync<WidgetList>("demo.example.com", "v1", "default", "widgets");

        Assert.That(created.Spec.Mode, Is.EqualTo("Fast"), "schema default");
        Assert.That(status.Status!.Phase, Is.EqualTo("Ready"));
        Assert.That(list.Items.Single().Status!.Phase, Is.EqualTo("Ready"));
        Assert.That(list.Metadata.ResourceVersion, Is.Not.Empty);

        created.Spec.Size = 7;
        var stale = Assert.ThrowsAsync<HttpOperationException>(() =>
            client.CustomObjects.ReplaceNamespacedCustomObjectAsync<Widget>(created, "demo.example.com", "v1", "default", "widgets", "w1"));
        Assert.That((int)stale!.Response.StatusCode, Is.EqualTo(409));
    }

    [Test]
    public async Task Watch_WithBookmarks_ResumesFromLastResourceVersionAfterServerClosesIt()
    {
        await using var server = await KubeApiServer.StartAsync(new KubeApiServerOptions { BookmarkInterval = TimeSpan.FromMilliseconds(100) });
        using var client = server.CreateClient();
        var list = await client.CoreV1.ListNamespacedPodAsync("default");
        var rv = list.Metadata.ResourceVersion;
        var seen = new List<string>();
        var bookmarks = 0;

        await client.CoreV1.CreateNamespacedPodAsync(Pod("a"), "default");
        using (var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
        {
            await foreach (var (type, pod) in client.CoreV1.WatchListNamespacedPodAsync("default", allowWatchBookmarks: true, resourceVersion: rv, cancellationToken: cts.Token))
            {
                rv = pod.Metadata.ResourceVersion;
                if (type == WatchEventType.Bookmark)
                {
                    bookmarks++;
                    server.Faults.CloseAllWatches();
                }
                else
                {
                    seen.Add($"{type} {pod.Metadata.Name}");
                }
            }
        }

        await client.CoreV1.CreateNamespacedPodAsync(Pod("b"), "default");
        using (var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
        {
            await foreach (var (type, pod) in client.CoreV1.WatchListNamespacedPodAsync("default", allowWatchBookmarks: true, resourceVersion: rv, timeoutSeconds: 1, cancellationToken: cts.Token))
            {
                if (type != WatchEventType.Bookmark)
                {
                    seen.Add($"{type} {pod.Metadata.Name}");
                }
            }
        }

        Assert.That(bookmarks, Is.EqualTo(1));
        Assert.That(seen, Is.EqualTo(new[] { "Added a", "Added b" }));
    }

    [Test]
    public async Task Watch_410Gone_ThenRelistAndWatchAgain()
    {
        await using var server = await KubeApiServer.StartAsync();
        using var client = server.CreateClient();
        var list = await client.CoreV1.ListNamespacedPodAsync("default");
        await client.CoreV1.CreateNamespacedPodAsync(Pod("a"), "default");
        server.Faults.CompactHistory();

        KubernetesException? gone = null;
        try
        {
            await foreach (var _ in client.CoreV1.WatchListNamespacedPodAsync("default", resourceVersion: list.Metadata.ResourceVersion, onError: e => throw e))
            {
                Assert.Fail("no event expected before the 410");
            }
        }
        catch (KubernetesException e)
        {
            gone = e;
        }

        Assert.That(gone?.Status.Code, Is.EqualTo(410));
        Assert.That(gone!.Status.Reason, Is.EqualTo("Expired"));

        var relist = await client.CoreV1.ListNamespacedPodAsync("default");
        Assert.That(relist.Items.Select(p => p.Metadata.Name), Is.EqualTo(new[] { "a" }));
        var events = new List<string>();
        var watch = client.CoreV1.WatchListNamespacedPodAsync("default", resourceVersion: relist.Metadata.ResourceVersion, timeoutSeconds: 1);
        await client.CoreV1.CreateNamespacedPodAsync(Pod("b"), "default");
        await foreach (var (type, pod) in watch)
        {
            events.Add($"{type} {pod.Metadata.Name}");
        }

        Assert.That(events, Is.EqualTo(new[] { "Added b" }));
    }

    [Test]
    public async Task LeaderElection_OnLease_OneLeaderAtATime_AndTakeoverAfterRelease()
    {
        await using var server = await KubeApiServer.StartAsync();
        using var clientA = server.CreateClient();
        using var clientB = server.CreateClient();
        LeaderElector Elector(IKubernetes client, string identity) =>
            new(new LeaderElectionConfig(new LeaseLock(client, "default", "pulldoctor-leader", identity))
            {
                LeaseDuration = TimeSpan.FromSeconds(2),
                RenewDeadline = TimeSpan.FromMilliseconds(1500),
                RetryPeriod = TimeSpan.FromMilliseconds(200),
            });

        using var a = Elector(clientA, "a");
        using var b = Elector(clientB, "b");
        var aLeads = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var bLeads = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var bSawA = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        a.OnStartedLeading += () => aLeads.TrySetResult();
        b.OnStartedLeading += () => bLeads.TrySetResult();
        b.OnNewLeader += leader =>
        {
            if (leader == "a")
            {
                bSawA.TrySetResult();
            }
        };
        using var stopA = new CancellationTokenSource();
        using var stopB = new CancellationTokenSource();
        var runA = a.RunUntilLeadershipLostAsync(stopA.Token);
        await aLeads.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var runB = b.RunUntilLeadershipLostAsync(stopB.Token);
        // b has read the Lease and found a holding it; then two renewals of a (request log) while b keeps trying.
        await bSawA.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var renewals = server.Requests.Count("update", "leases");
        using (var bound = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
        {
            while (server.Requests.Count("update", "leases") < renewals + 2)
            {
                await Task.Delay(20, bound.Token);
            }
        }

        Assert.That(b.IsLeader(), Is.False);
        var lease = await clientA.CoordinationV1.ReadNamespacedLeaseAsync("pulldoctor-leader", "default");
        Assert.That(lease.Spec.HolderIdentity, Is.EqualTo("a"));

        await stopA.CancelAsync();
        await runA.ContinueWith(_ => { }, TaskScheduler.Default);
        // Release as client-go does: empty holder, short duration.
        lease = await clientA.CoordinationV1.ReadNamespacedLeaseAsync("pulldoctor-leader", "default");
        lease.Spec.HolderIdentity = string.Empty;
        lease.Spec.LeaseDurationSeconds = 1;
        await clientA.CoordinationV1.ReplaceNamespacedLeaseAsync(lease, "pulldoctor-leader", "default");

        await bLeads.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.That((await clientB.CoordinationV1.ReadNamespacedLeaseAsync("pulldoctor-leader", "default")).Spec.HolderIdentity, Is.EqualTo("b"));
        Assert.That(server.Requests.Count("update", "leases"), Is.GreaterThan(0));
        await stopB.CancelAsync();
        await runB.ContinueWith(_ => { }, TaskScheduler.Default);
    }

    [Test]
    public async Task Paginated_List_OfTypedPods_WithLimitAndContinue()
    {
        await using var server = await KubeApiServer.StartAsync();
        using var client = server.CreateClient();
        for (var i = 0; i < 25; i++)
        {
            await client.CoreV1.CreateNamespacedPodAsync(Pod($"p{i.ToString("D2", CultureInfo.InvariantCulture)}"), "default");
        }

        var names = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await client.CoreV1.ListNamespacedPodAsync("default", limit: 10, continueParameter: token);
            names.AddRange(page.Items.Select(p => p.Metadata.Name));
            token = page.Metadata.ContinueProperty;
            pages++;
        }
        while (!string.IsNullOrEmpty(token));

        Assert.That(pages, Is.EqualTo(3));
        Assert.That(names, Has.Count.EqualTo(25));
        Assert.That(names, Is.Ordered);
    }

    [Test]
    public async Task EventsV1_CreatedByClient_ListedThroughCoreV1()
    {
        await using var server = await KubeApiServer.StartAsync();
        using var client = server.CreateClient();
        var pod = await client.CoreV1.CreateNamespacedPodAsync(Pod("web"), "default");

        await client.EventsV1.CreateNamespacedEventAsync(new Eventsv1Event
        {
            Metadata = new V1ObjectMeta { GenerateName = "web." },
            EventTime = DateTime.UtcNow,
            ReportingController = "pulldoctor.dev/operator",
            ReportingInstance = "op-0",
            Action = "Diagnose",
            Reason = "TagNotFound",
            Type = "Warning",
            Note = "tag 1.25.x does not exist",
            Regarding = new V1ObjectReference { Kind = "Pod", Name = "web", NamespaceProperty = "default", Uid = pod.Metadata.Uid },
        }, "default");
        var events = await client.CoreV1.ListNamespacedEventAsync("default", fieldSelector: $"involvedObject.uid={pod.Metadata.Uid}");

        Assert.That(events.Items.Single().Reason, Is.EqualTo("TagNotFound"));
        Assert.That(events.Items.Single().Message, Is.EqualTo("tag 1.25.x does not exist"));
    }
}
