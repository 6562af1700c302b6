using PullDoctor.RegistryFixtures.Kubelet;
using k8s;
using k8s.Models;
using PullDoctor.Core.Causes;
using PullDoctor.Operator.Crds;
using PullDoctor.Operator.Reconciliation;
using PullDoctor.Operator.Tests.Support;

namespace PullDoctor.Operator.Tests.E2E;

/// <summary>
/// The operator end to end against the in-process API server: pods and Events are written the way the kubelet
/// writes them; the registry answers through a scripted probe here (the real registry is in <see cref="CauseScenarioTests"/>).
/// </summary>
[NonParallelizable]
public sealed class OperatorLifecycleTests
{
    private const string Image = "nginx:1.25.x";

    private OperatorHarness _h = null!;
    private FakeProbe _probe = null!;

    [SetUp]
    public async Task SetUp()
    {
        _h = await OperatorHarness.StartAsync();
        _probe = new FakeProbe(r => FakeProbe.Problem(r, CauseCode.TagNotFound, 404, "1.25.3", "1.25.2"));
    }

    [TearDown]
    public async Task TearDown()
    {
        RbacTests.AssertAllowed(_h.OperatorRequests());
        await _h.DisposeAsync();
    }

    [Test]
    public async Task StuckPod_GetsDiagnosisOwnedByThePod_StatusAndOneEvent()
    {
        await _h.StartOperatorAsync(probe: _probe);

        var pod = _h.PutPod(Pods.Stuck(image: Image));
        _h.KubeletEvent(pod, "Failed", KubeletPullMessages.NotFound(Image));

        var d = await _h.WaitForDiagnosisAsync("web-1", d => d.Status?.Phase == "Failing", "diagnosis Failing");
        await OperatorHarness.WaitUntilAsync(async () => (await _h.PullDoctorEventsAsync()).Count == 1, () => "one Event");
        var e = (await _h.PullDoctorEventsAsync()).Single();
        Assert.Multiple(() =>
        {
            Assert.That(d.Metadata.OwnerReferences.Single().Uid, Is.EqualTo(pod.Metadata.Uid));
            Assert.That(d.Metadata.Labels["app.kubernetes.io/managed-by"], Is.EqualTo("pulldoctor"));
            Assert.That(d.Spec!.PodUid, Is.EqualTo(pod.Metadata.Uid));
            Assert.That(d.Status!.Cause, Is.EqualTo("TagNotFound"));
            Assert.That(d.Status.Workload?.Kind, Is.EqualTo("Deployment"));
            Assert.That(d.Status.Workload?.Name, Is.EqualTo("web"));
            Assert.That(d.Status.Containers![0].Confidence, Is.EqualTo("Confirmed"));
            Assert.That(d.Status.Containers[0].Reference, Is.EqualTo("docker.io/library/nginx:1.25.x"));
            Assert.That(d.Status.Containers[0].Suggestions, Is.EqualTo(new[] { "1.25.3", "1.25.2" }));
            Assert.That(d.Status.Conditions!.Select(c => c.Type), Is.EquivalentTo(new[] { "Diagnosed", "Resolved" }));
            Assert.That(d.Status.ObservedGeneration, Is.EqualTo(d.Metadata.Generation));
            Assert.That(e.Reason, Is.EqualTo("TagNotFound"));
            Assert.That(e.Type, Is.EqualTo("Warning"));
            Assert.That(e.InvolvedObject.Uid, Is.EqualTo(pod.Metadata.Uid));
            Assert.That(e.Message, Does.Contain("kubectl -n shop set image deployment/web web=nginx:1.25.3"));
            Assert.That(_h.OperatorWrites().Select(w => (w.Verb, w.ResourceWithSubresource)), Is.EqualTo(new[]
            {
                ("create", "imagepulldiagnoses"),
                ("update", "imagepulldiagnoses/status"),
                ("create", "events"),
            }));
        });
    }

    [Test]
    public async Task KubeletFlipsBetweenErrImagePullAndBackOff_NoFurtherWrites()
    {
        var app = await _h.StartOperatorAsync(probe: _probe);
        var pod = _h.PutPod(Pods.Stuck(image: Image));
        _h.KubeletEvent(pod, "Failed", KubeletPullMessages.NotFound(Image), at: DateTime.UtcNow.AddSeconds(-5));
        await _h.WaitForDiagnosisAsync("web-1", d => d.Status?.Phase == "Failing", "diagnosis Failing");
        await OperatorHarness.WaitUntilAsync(async () => (await _h.PullDoctorEventsAsync()).Count == 1, () => "one Event");
        await OperatorHarness.WaitForQuietAsync(app);
        var writes = _h.OperatorWrites().Count;
        var reconciles = app.Runner.Stats.Total;

        await _h.SetPodStatusAsync(Pods.Stuck(image: Image, reason: "ImagePullBackOff", message: KubeletPullMessages.BackOff(Image)));
        await OperatorHarness.WaitForQuietAsync(app, reconciles + 1);

        Assert.Multiple(async () =>
        {
            Assert.That(_h.OperatorWrites(), Has.Count.EqualTo(writes), "a back-off with the same cause changes nothing");
            Assert.That(await _h.PullDoctorEventsAsync(), Has.Count.EqualTo(1));
        });
    }

    [Test]
    public async Task PodRecovers_DiagnosisResolved_AndNormalImagePullRecoveredEvent()
    {
        await _h.StartOperatorAsync(probe: _probe);
        var pod = _h.PutPod(Pods.Stuck(image: Image));
        await _h.WaitForDiagnosisAsync("web-1", d => d.Status?.Phase == "Failing", "diagnosis Failing");

        await _h.SetPodStatusAsync(Pods.Running(Pods.Stuck(image: Image)));

        var d = await _h.WaitForDiagnosisAsync("web-1", d => d.Status?.Phase == "Resolved", "diagnosis Resolved");
        await OperatorHarness.WaitUntilAsync(async () => (await _h.PullDoctorEventsAsync()).Any(e => e.Reason == DiagnosisReconciler.RecoveredReason), () => "recovery Event");
        var events = await _h.PullDoctorEventsAsync();
        Assert.Multiple(() =>
        {
            Assert.That(d.Status!.ResolvedTime, Is.Not.Null);
            Assert.That(d.Status.Conditions!.Single(c => c.Type == "Resolved").Status, Is.EqualTo("True"));
            Assert.That(events.Select(e => (e.Type, e.Reason)), Is.EquivalentTo(new[] { ("Warning", "TagNotFound"), ("Normal", "ImagePullRecovered") }));
            _ = pod;
        });
    }

    [Test]
    public async Task PodDeleted_DiagnosisIsGarbageCollected()
    {
        await _h.StartOperatorAsync(probe: _probe);
        _h.PutPod(Pods.Stuck(image: Image));
        await _h.WaitForDiagnosisAsync("web-1", d => d.Status?.Phase == "Failing", "diagnosis Failing");

        await _h.Client.CoreV1.DeleteNamespacedPodAsync("web-1", OperatorHarness.Namespace, gracePeriodSeconds: 0);

        await OperatorHarness.WaitUntilAsync(async () => await _h.GetDiagnosisAsync("web-1") is null, () => "diagnosis deleted with its pod");
    }

    [Test]
    public async Task RecreatedPodWithTheSameName_GetsAFreshDiagnosis()
    {
        await _h.StartOperatorAsync(probe: _probe);
        var first = _h.PutPod(Pods.Stuck(image: Image));
        await _h.WaitForDiagnosisAsync("web-1", d => d.Status?.Phase == "Failing", "first diagnosis");

        // Delete and recreate at once; the collector may not have removed the old diagnosis yet.
        await _h.Client.CoreV1.DeleteNamespacedPodAsync("web-1", OperatorHarness.Namespace, gracePeriodSeconds: 0);
        var second = _h.PutPod(Pods.Stuck(image: Image));

        var d = await _h.WaitForDiagnosisAsync("web-1", d => d.Spec?.PodUid == second.Metadata.Uid && d.Status?.Phase == "Failing", "diagnosis of the new pod");
        Assert.That(d.Metadata.OwnerReferences.Single().Uid, Is.Not.EqualTo(first.Metadata.Uid));
    }

    [Test]
    public async Task OperatorRestart_ConvergesWithoutDuplicateWritesOrEvents()
    {
        var first = await _h.StartOperatorAsync(probe: _probe);
        for (var i = 0; i < 20; i++)
        {
            _h.PutPod(Pods.Stuck(name: $"web-{i}", image: Image));
        }

        await OperatorHarness.WaitUntilAsync(async () => (await _h.PullDoctorEventsAsync()).Count == 20, () => "20 Events");
        await OperatorHarness.StopAsync(first);
        var writesBefore = _h.OperatorWrites().Count;

        // While no operator runs, one pod recovers: the restarted operator must notice from the cluster alone.
        await _h.SetPodStatusAsync(Pods.Running(Pods.Stuck(name: "web-3", image: Image)));
        var second = await _h.StartOperatorAsync(probe: _probe);
        await _h.WaitForDiagnosisAsync("web-3", d => d.Status?.Phase == "Resolved", "web-3 resolved after restart");
        await OperatorHarness.WaitForQuietAsync(second, 20);

        var newWrites = _h.OperatorWrites().Skip(writesBefore).Select(w => $"{w.Verb} {w.ResourceWithSubresource} {w.Name}").ToArray();
        var events = await _h.PullDoctorEventsAsync();
        Assert.Multiple(() =>
        {
            Assert.That(newWrites, Has.Length.EqualTo(2), "only web-3's Resolved status and its recovery Event: " + string.Join(", ", newWrites));
            Assert.That(events.Count(e => e.Reason == "TagNotFound"), Is.EqualTo(20));
            Assert.That(events.Count(e => e.Reason == "ImagePullRecovered"), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task TwoReplicas_OnlyTheLeaderWrites_AndTheOtherTakesOverWhenItStops()
    {
        var options = OperatorHarness.DefaultOptions with { LeaderElection = true };
        var a = await _h.StartOperatorAsync(options with { Identity = "replica-a" }, _probe);
        await OperatorHarness.WaitUntilAsync(() => Task.FromResult(a.Gate.IsLeader), () => "a leads");
        var b = await _h.StartOperatorAsync(options with { Identity = "replica-b" }, _probe);

        _h.PutPod(Pods.Stuck(name: "web-1", image: Image));
        await _h.WaitForDiagnosisAsync("web-1", d => d.Status?.Phase == "Failing", "web-1 diagnosed");
        await OperatorHarness.WaitForQuietAsync(a, 1);
        var writers = _h.OperatorWrites().Where(w => w.Resource == "imagepulldiagnoses").Select(w => w.UserAgent).Distinct().ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(b.Gate.IsLeader, Is.False);
            Assert.That(b.Informers.All(i => i.HasSynced), Is.True, "the follower stays warm");
            Assert.That(b.Runner.Stats.Total, Is.Zero, "the follower never reconciles");
        });

        var stoppedAt = DateTime.UtcNow;
        await OperatorHarness.StopAsync(a);
        await OperatorHarness.WaitUntilAsync(() => Task.FromResult(b.Gate.IsLeader), () => "b takes over", TimeSpan.FromSeconds(10));
        var takeover = DateTime.UtcNow - stoppedAt;

        _h.PutPod(Pods.Stuck(name: "web-2", image: Image));
        await _h.WaitForDiagnosisAsync("web-2", d => d.Status?.Phase == "Failing", "web-2 diagnosed by b");
        var lease = await _h.Client.CoordinationV1.ReadNamespacedLeaseAsync("pulldoctor-leader", "pulldoctor");
        Assert.Multiple(() =>
        {
            Assert.That(lease.Spec.HolderIdentity, Is.EqualTo("replica-b"));
            Assert.That(takeover, Is.LessThan(options.LeaseDuration), "the lease was released, so b did not wait for it to expire");
            Assert.That(writers, Has.Length.EqualTo(1));
        });
        TestContext.Out.WriteLine($"takeover after stop: {takeover.TotalMilliseconds:0} ms");
    }

    [Test]
    public async Task WatchesDropped_And410Gone_StillConverge()
    {
        var app = await _h.StartOperatorAsync(probe: _probe);
        await OperatorHarness.WaitUntilAsync(() => Task.FromResult(app.Informers.All(i => i.HasSynced)), () => "synced");

        _h.Server.Faults.CloseAllWatches();
        _h.PutPod(Pods.Stuck(name: "web-1", image: Image));
        await _h.WaitForDiagnosisAsync("web-1", d => d.Status?.Phase == "Failing", "diagnosed after a dropped watch");

        _h.Server.Faults.CompactHistory();
        _h.Server.Faults.CloseAllWatches();
        _h.PutPod(Pods.Stuck(name: "web-2", image: Image));
        await _h.WaitForDiagnosisAsync("web-2", d => d.Status?.Phase == "Failing", "diagnosed after 410 Gone");
    }

    [Test]
    public async Task ConflictOnStatusWrite_AndThrottlingAndServerErrors_StillConverge()
    {
        _h.Server.Faults.ConflictNextUpdate(resource: "imagepulldiagnoses", count: 2);
        _h.Server.Faults.FailNext(2, 429, verb: "list", resource: "events", retryAfter: TimeSpan.FromMilliseconds(200));
        _h.Server.Faults.FailNext(2, 500, verb: "list", resource: "imagepulldiagnoses");
        _h.Server.Faults.FailNext(1, 503, verb: "create", resource: "imagepulldiagnoses");
        await _h.StartOperatorAsync(probe: _probe);

        _h.PutPod(Pods.Stuck(name: "web-1", image: Image));

        await _h.WaitForDiagnosisAsync("web-1", d => d.Status?.Phase == "Failing", "diagnosed despite faults");
        await OperatorHarness.WaitUntilAsync(async () => (await _h.PullDoctorEventsAsync()).Count == 1, () => "one Event");
        var statuses = _h.OperatorRequests().Where(r => r.ResourceWithSubresource == "imagepulldiagnoses/status").Select(r => r.StatusCode).ToArray();
        Assert.That(statuses, Does.Contain(409), "the conflict was met and retried");
    }

    [Test]
    public async Task TooManyRequestsWithRetryAfter_IsRetriedByTheClient_NotByTheReconcile()
    {
        _h.Server.Faults.FailNext(2, 429, verb: "create", resource: "imagepulldiagnoses", retryAfter: TimeSpan.FromMilliseconds(100));
        _h.Server.Faults.FailNext(1, 503, verb: "update", resource: "imagepulldiagnoses/status", retryAfter: TimeSpan.FromMilliseconds(100));
        var app = await _h.StartOperatorAsync(probe: _probe);

        _h.PutPod(Pods.Stuck(name: "web-1", image: Image));

        await _h.WaitForDiagnosisAsync("web-1", d => d.Status?.Phase == "Failing", "diagnosed despite throttling");
        var refused = _h.OperatorRequests().Count(r => r.Resource == "imagepulldiagnoses" && r.StatusCode is 429 or 503);
        Assert.Multiple(() =>
        {
            Assert.That(refused, Is.EqualTo(3), "the API server refused three writes");
            Assert.That(app.Runner.Stats.Errors, Is.Zero, "the client waited as told and retried; no reconcile failed");
        });
    }

    [Test]
    public async Task Metrics_Health_AndReadiness_AreServed()
    {
        var app = await _h.StartOperatorAsync(probe: _probe);
        _h.PutPod(Pods.Stuck(image: Image));
        await _h.WaitForDiagnosisAsync("web-1", d => d.Status?.Phase == "Failing", "diagnosed");

        using var http = new HttpClient { BaseAddress = app.Address };
        var metrics = await http.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        Assert.Multiple(async () =>
        {
            Assert.That((await http.GetAsync(new Uri("/healthz", UriKind.Relative))).IsSuccessStatusCode, Is.True);
            Assert.That((await http.GetAsync(new Uri("/readyz", UriKind.Relative))).IsSuccessStatusCode, Is.True);
            Assert.That(metrics, Does.Contain("pulldoctor_reconciles_total{result=\"success\"}"));
            Assert.That(metrics, Does.Contain("pulldoctor_diagnoses_total{cause=\"TagNotFound\"} 1"));
            Assert.That(metrics, Does.Contain("pulldoctor_probe_duration_seconds_count{outcome=\"TagNotFound\"}"));
            Assert.That(metrics, Does.Contain("pulldoctor_leader 1"));
            Assert.That(metrics, Does.Contain("pulldoctor_events_total{result=\"spam_dropped\"} 0"));
            Assert.That(metrics, Does.Contain("pulldoctor_stuck_pods 1"));
            Assert.That(metrics, Does.Contain("pulldoctor_stuck_pods_by_cause{namespace=\"shop\",cause=\"TagNotFound\"} 1"));
            Assert.That(metrics, Does.Contain("pulldoctor_workqueue_depth"));
            Assert.That(metrics, Does.Contain("pulldoctor_workqueue_retries_total 0"));
            Assert.That(metrics, Does.Contain("pulldoctor_watch_restarts_total{informer=\"pods\"} 0"));
            Assert.That(metrics, Does.Contain("pulldoctor_relists_total{informer=\"pods\"} 0"));
            Assert.That(metrics, Does.Contain("pulldoctor_diagnoses_total{cause=\"RateLimited\"} 0"), "known series present with 0");
            Assert.That(metrics, Does.Contain("pulldoctor_api_writes_total{kind=\"delete\"} 0"));
            Assert.That(metrics, Does.Not.Contain("pulldoctor_api_errors_total{code=\"404\"}"), "the GET of a diagnosis not yet existing is an answer, not an error");
            Assert.That(metrics, Does.Not.Contain("pulldoctor_events{").And.Not.Contain("pulldoctor_watch_restarts{"), "no since-start gauges");
        });
    }
}
