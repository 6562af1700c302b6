using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using PullDoctor.Operator.Events;
using PullDoctor.Operator.Kube;
using PullDoctor.Testing;

namespace PullDoctor.Operator.Tests.Events;

/// <summary>The recorder writing to the in-process API server through core/v1 (read back through both APIs).</summary>
public sealed class EventRecorderApiTests
{
    private KubeApiServer _server = null!;
    private Kubernetes _client = null!;
    private EventRecorder _recorder = null!;

    [SetUp]
    public async Task SetUp()
    {
        _server = await KubeApiServer.StartAsync();
        _client = _server.CreateClient();
        _server.EnsureNamespace("shop");
        _recorder = new EventRecorder(_client, new EventRecorderOptions { ReportingInstance = "pulldoctor-0" }, TimeProvider.System, NullLogger<EventRecorder>.Instance);
        await _recorder.StartAsync(CancellationToken.None);
    }

    [TearDown]
    public async Task TearDown()
    {
        await _recorder.StopAsync(CancellationToken.None);
        _recorder.Dispose();
        _client.Dispose();
        await _server.DisposeAsync();
    }

    [Test]
    public async Task RepeatedEvent_IsOneEventWithSeriesCount()
    {
        var pod = await _client.CoreV1.CreateNamespacedPodAsync(
            new V1Pod { Metadata = new V1ObjectMeta { Name = "web" }, Spec = new V1PodSpec { Containers = [new V1Container { Name = "app", Image = "nginx:1.25.x" }] } },
            "shop");
        var regarding = ObjectReferences.For(pod);

        for (var i = 0; i < 3; i++)
        {
            _recorder.Record(regarding, EventTypes.Warning, "TagNotFound", "Diagnose", "nginx:1.25.x: tag \"1.25.x\" does not exist in docker.io/library/nginx");
            await EventuallyAsync(() => _recorder.Stats.Processed > i);
        }

        var events = await _client.EventsV1.ListNamespacedEventAsync("shop");
        var only = events.Items.Single();
        Assert.That(only.Regarding.Uid, Is.EqualTo(pod.Metadata.Uid));
        Assert.That(only.ReportingController, Is.EqualTo("pulldoctor.dev/pulldoctor"));
        Assert.That(only.Series?.Count, Is.EqualTo(3));
        var core = (await _client.CoreV1.ListNamespacedEventAsync("shop")).Items.Single();
        Assert.That(core.Count, Is.EqualTo(3), "core/v1 count, as the kubelet's Events carry it");
        Assert.That(core.FirstTimestamp, Is.Not.Null);
        Assert.That(core.LastTimestamp, Is.GreaterThanOrEqualTo(core.FirstTimestamp));
        Assert.That(core.LastTimestamp, Is.EqualTo(only.Series!.LastObservedTime).Within(TimeSpan.FromSeconds(1)));
        Assert.That(_recorder.Stats.Failed, Is.Zero);
        Assert.That(_server.Requests.Count("create", "events"), Is.EqualTo(1));
        Assert.That(_server.Requests.Count("patch", "events"), Is.EqualTo(2));
    }

    private static async Task EventuallyAsync(Func<bool> condition)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!condition())
            await Task.Delay(5, cts.Token);
    }
}
