using PullDoctor.Diagnosis;
using k8s;
using k8s.Models;
using PullDoctor.Core.Causes;
using PullDoctor.Operator.Hosting;
using PullDoctor.Operator.Tests.Support;
using PullDoctor.RegistryFixtures.Kubelet;
using PullDoctor.Testing.Diagnostics;

namespace PullDoctor.Operator.Tests.E2E;

/// <summary>
/// Reconciles read from caches (issue 16), counted request by request against the in-process API server: a newly
/// stuck pod costs its writes and nothing else, a kubelet retry costs nothing, and a diagnosis whose pod recovered
/// while no operator ran is resolved from the diagnosis informer's initial list.
/// </summary>
[NonParallelizable]
public sealed class ReconcileCacheTests
{
    private const string Image = "nginx:1.25.x";

    private readonly DateTime _firstFailure = DateTime.UtcNow.AddMinutes(-1);

    private OperatorHarness _h = null!;
    private FakeProbe _probe = null!;

    [SetUp]
    public async Task SetUp()
    {
        _h = await OperatorHarness.StartAsync();
        _probe = new FakeProbe(r => FakeProbe.Problem(r, CauseCode.TagNotFound, 404, "1.25.3"));
    }

    [TearDown]
    public async Task TearDown()
    {
        RbacTests.AssertAllowed(_h.OperatorRequests());
        await _h.DisposeAsync();
    }

    [Test]
    public async Task NewlyStuckPod_CostsOnlyItsWrites_AndKubeletRetriesCostNoRequest()
    {
        var app = await _h.StartOperatorAsync(probe: _probe);

        // A first pod of the Deployment fills the TTL caches every pod of it shares (node, service account, owners).
        var first = _h.PutPod(Pods.Stuck(name: "web-1", image: Image));
        _h.KubeletEvent(first, "Failed", KubeletPullMessages.NotFound(Image));
        await _h.WaitForDiagnosisAsync("web-1", d => d.Status?.Phase == "Failing", "web-1 Failing");
        await OperatorHarness.WaitUntilAsync(async () => (await _h.PullDoctorEventsAsync()).Count == 1, () => "web-1's Event");
        await OperatorHarness.WaitForQuietAsync(app);

        // The second pod exists before it is stuck, so its Failed Event (which needs the pod's uid) is in the cache
        // when the kubelet reports the waiting reason, as it is when the kubelet posts it first.
        var pending = Pods.Stuck(name: "web-2", image: Image, uid: "uid-web-2");
        pending.Status.ContainerStatuses[0].State = new V1ContainerState { Waiting = new V1ContainerStateWaiting { Reason = "ContainerCreating" } };
        var second = _h.PutPod(pending);
        var failedEvents = FailedEventsSeen(app);
        var failed = KubeletFailed(second, count: 1);
        await OperatorHarness.WaitUntilAsync(() => Task.FromResult(FailedEventsSeen(app) > failedEvents), () => "web-2's Failed Event in the operator's cache");
        var reconciles = app.Runner.Stats.Total;
        var before = _h.OperatorRequests().Count;

        await _h.SetPodStatusAsync(Pods.Stuck(name: "web-2", image: Image));
        await _h.WaitForDiagnosisAsync("web-2", d => d.Status?.Phase == "Failing", "web-2 Failing");
        await OperatorHarness.WaitUntilAsync(async () => (await _h.PullDoctorEventsAsync()).Count == 2, () => "web-2's Event");
        await OperatorHarness.WaitForQuietAsync(app, reconciles + 1);
        var newlyStuck = Requests(before);

        // The kubelet retries at its back-off: the waiting reason flips, its Failed Event counts up.
        const int Retries = 6;
        before = _h.OperatorRequests().Count;
        for (var i = 1; i <= Retries; i++)
        {
            reconciles = app.Runner.Stats.Total;
            var backOff = i % 2 == 1;
            await _h.SetPodStatusAsync(backOff
                ? Pods.Stuck(name: "web-2", image: Image, reason: "ImagePullBackOff", message: KubeletPullMessages.BackOff(Image))
                : Pods.Stuck(name: "web-2", image: Image));
            if (!backOff)
            {
                failed = KubeletFailed(second, count: (failed.Count ?? 1) + 1, name: failed.Metadata.Name);
            }

            await OperatorHarness.WaitForQuietAsync(app, reconciles + 1);
        }

        var retries = Requests(before);
        Assert.Multiple(async () =>
        {
            Assert.That(newlyStuck, Is.EqualTo(new[] { "create imagepulldiagnoses", "update imagepulldiagnoses/status", "create events" }), "no GET of the diagnosis, no LIST of Events");
            Assert.That(retries, Is.Empty, $"{Retries} kubelet retries");
            Assert.That(await _h.PullDoctorEventsAsync(), Has.Count.EqualTo(2));
            Assert.That(_h.OperatorRequests().Where(r => r.StatusCode == 409), Is.Empty, "no conflict: every read saw our last write");
        });
    }

    [Test]
    public async Task FailingDiagnosis_WhosePodRecoveredWhileNoOperatorRan_IsResolvedAtStart()
    {
        var first = await _h.StartOperatorAsync(probe: _probe);
        _h.PutPod(Pods.Stuck(name: "web-1", image: Image));
        _h.PutPod(Pods.Stuck(name: "web-2", image: Image, uid: "uid-web-2"));
        await _h.WaitForDiagnosisAsync("web-1", d => d.Status?.Phase == "Failing", "web-1 Failing");
        await _h.WaitForDiagnosisAsync("web-2", d => d.Status?.Phase == "Failing", "web-2 Failing");
        await OperatorHarness.WaitUntilAsync(async () => (await _h.PullDoctorEventsAsync()).Count == 2, () => "two Events");
        await OperatorHarness.StopAsync(first);

        // While no operator runs, web-1 recovers: nothing will change about it once the next one starts.
        await _h.SetPodStatusAsync(Pods.Running(Pods.Stuck(name: "web-1", image: Image)));
        var before = _h.OperatorRequests().Count;
        var second = await _h.StartOperatorAsync(probe: _probe);

        var resolved = await _h.WaitForDiagnosisAsync("web-1", d => d.Status?.Phase == "Resolved", "web-1 resolved after the restart");
        await OperatorHarness.WaitUntilAsync(async () => (await _h.PullDoctorEventsAsync()).Any(e => e.Reason == "ImagePullRecovered"), () => "recovery Event");
        await OperatorHarness.WaitForQuietAsync(second, 2);

        var writes = _h.OperatorRequests().Skip(before).Where(r => r.IsWrite)
            .Select(w => w.Resource == "events" ? $"{w.Verb} events" : $"{w.Verb} {w.ResourceWithSubresource} {w.Name}").ToArray();
        var events = await _h.PullDoctorEventsAsync();
        Assert.Multiple(async () =>
        {
            Assert.That(writes, Is.EqualTo(new[] { "update imagepulldiagnoses/status web-1", "create events" }), "only web-1's Resolved status and its recovery Event: " + string.Join(", ", writes));
            Assert.That(resolved.Status!.ResolvedTime, Is.Not.Null);
            Assert.That(events.Select(e => (e.InvolvedObject.Name, e.Reason)), Is.EquivalentTo(new[] { ("web-1", "TagNotFound"), ("web-2", "TagNotFound"), ("web-1", "ImagePullRecovered") }));
            Assert.That((await _h.GetDiagnosisAsync("web-2"))!.Status!.Phase, Is.EqualTo("Failing"), "the pod still stuck is left as it was");
            Assert.That(Requests(before).Where(r => r.StartsWith("get imagepulldiagnoses", StringComparison.Ordinal)), Is.Empty, "diagnoses are read from the informer");
        });
    }

    private static long FailedEventsSeen(OperatorApp app) =>
        app.Caches.Stats.Where(s => s.Name.StartsWith("pull-events/Failed", StringComparison.Ordinal)).Sum(s => s.Stats.Events + s.Stats.Lists);

    /// <summary>The operator's requests since <paramref name="from"/>, but its watches: each is one request open since its informer started.</summary>
    private string[] Requests(int from) =>
        [.. _h.OperatorRequests().Skip(from).Where(r => r.Verb is not "watch" and not "").Select(Describe)];

    private static string Describe(RequestRecord r) => $"{r.Verb} {r.ResourceWithSubresource}";

    /// <summary>The kubelet's Failed Event of a pull, created or counted up as its event recorder does (same name, count+1).</summary>
    private Corev1Event KubeletFailed(V1Pod pod, int count, string? name = null)
    {
        var now = DateTime.UtcNow;
        var e = new Corev1Event
        {
            ApiVersion = "v1",
            Kind = "Event",
            Metadata = new V1ObjectMeta { Name = name ?? $"{pod.Metadata.Name}.{Guid.NewGuid():N}", NamespaceProperty = pod.Metadata.NamespaceProperty },
            InvolvedObject = new V1ObjectReference { ApiVersion = "v1", Kind = "Pod", Name = pod.Metadata.Name, NamespaceProperty = pod.Metadata.NamespaceProperty, Uid = pod.Metadata.Uid, FieldPath = "spec.containers{web}" },
            Reason = "Failed",
            Message = KubeletPullMessages.NotFound(Image),
            Type = "Warning",
            Source = new V1EventSource { Component = "kubelet", Host = OperatorHarness.NodeName },
            FirstTimestamp = _firstFailure,
            LastTimestamp = now,
            Count = count,
        };
        _h.Server.CreateOrReplace(OperatorHarness.Json(e));
        return e;
    }
}
