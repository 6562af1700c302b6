using System.Diagnostics;
using System.Text.Json.Nodes;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using PullDoctor.Operator.Informers;
using PullDoctor.Testing;

namespace PullDoctor.Operator.Tests.Informers;

/// <summary>Rough figures for the informer on this machine; explicit only (run with --filter Category=Measure).</summary>
[Explicit("measurement, not a test")]
[Category("Measure")]
public sealed class InformerThroughputMeasurements
{
    [TestCase(10_000)]
    public async Task ListThenWatchChurn_PrintsSyncTimeAndEventRate(int pods)
    {
        await using var server = await KubeApiServer.StartAsync(new KubeApiServerOptions { TrackManagedFields = false });
        using var client = server.CreateClient();
        for (var i = 0; i < pods; i++)
            server.CreateOrReplace(i % 100 == 0 ? PodFixtures.Stuck($"p{i}") : PodFixtures.Running($"p{i}"));

        var options = new InformerOptions<V1Pod, StuckPod> { Name = "pods", Filter = StuckPod.IsStuck, Transform = StuckPod.From };
        using var informer = new Informer<V1Pod, StuckPod>(new PodListWatch(client), options, TimeProvider.System, NullLogger<Informer<V1Pod, StuckPod>>.Instance);
        var sync = Stopwatch.StartNew();
        await informer.StartAsync(CancellationToken.None);
        await informer.WaitForSyncAsync(CancellationToken.None);
        sync.Stop();

        var churn = 5_000;
        var before = informer.Stats.Events;
        var watch = Stopwatch.StartNew();
        var podType = server.Resources.Registry.Find(string.Empty, "v1", "pods")!;
        var write = new PullDoctor.Testing.Api.WriteOptions { FieldManager = "kubelet" };
        for (var i = 0; i < churn; i++)
        {
            // What a kubelet does all day to healthy pods: status churn the filter must drop cheaply.
            var patch = new JsonObject { ["status"] = new JsonObject { ["message"] = $"rev {i}" } };
            server.Resources.Patch(podType, "default", $"p{(i % (pods - 1)) + 1}", "application/merge-patch+json", patch, "status", write);
        }

        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        while (informer.Stats.Events - before - informer.Stats.Bookmarks < churn)
            await Task.Delay(10, cts.Token);
        watch.Stop();
        await informer.StopAsync(CancellationToken.None);

        TestContext.Out.WriteLine($"pods={pods} kept={informer.Store.Count} initialSync={sync.ElapsedMilliseconds} ms listRequests={server.Requests.Count("list", "pods")}");
        TestContext.Out.WriteLine($"watch: {churn} healthy-pod updates (write+deliver) in {watch.ElapsedMilliseconds} ms = {churn / watch.Elapsed.TotalSeconds:F0} events/s; filteredOut={informer.Stats.FilteredOut}");
        Assert.That(informer.Store.Count, Is.EqualTo(pods / 100));
    }
}
