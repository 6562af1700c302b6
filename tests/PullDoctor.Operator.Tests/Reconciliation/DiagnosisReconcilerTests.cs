using PullDoctor.Diagnosis;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using PullDoctor.Core.Causes;
using PullDoctor.Operator.Crds;
using PullDoctor.Operator.Diagnosis;
using PullDoctor.Operator.Queues;
using PullDoctor.Operator.Reconciliation;
using PullDoctor.Operator.Tests.Support;

namespace PullDoctor.Operator.Tests.Reconciliation;

public sealed class DiagnosisReconcilerTests
{
    private static readonly ObjectKey Key = new("shop", "web-1");

    private FakeTimeProvider _time = null!;
    private FakeClusterReader _reader = null!;
    private FakeDiagnosisClient _diagnoses = null!;
    private RecordingEventRecorder _events = null!;
    private DictionaryStore<PodSnapshot> _store = null!;
    private FakeProbe _probe = null!;

    [SetUp]
    public void SetUp()
    {
        _time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero));
        _reader = new FakeClusterReader();
        _diagnoses = new FakeDiagnosisClient();
        _events = new RecordingEventRecorder();
        _store = new DictionaryStore<PodSnapshot>();
        _probe = new FakeProbe(r => FakeProbe.Problem(r, CauseCode.TagNotFound, 404, "1.25.3"));
    }

    [Test]
    public async Task Reconcile_NewlyStuckPod_CreatesThenWritesStatusThenOneEvent()
    {
        Stuck(Pods.Stuck());

        await Reconciler().ReconcileAsync(Key, CancellationToken.None);

        var diagnosis = _diagnoses.Objects["web-1"];
        Assert.Multiple(() =>
        {
            Assert.That(_diagnoses.Writes, Is.EqualTo(new[] { "create", "status" }));
            Assert.That(diagnosis.Metadata.Labels[ImagePullDiagnosis.ManagedByLabel], Is.EqualTo("pulldoctor"));
            Assert.That(diagnosis.Metadata.OwnerReferences.Single().Uid, Is.EqualTo("uid-web-1"));
            Assert.That(diagnosis.Metadata.OwnerReferences.Single().Kind, Is.EqualTo("Pod"));
            Assert.That(diagnosis.Spec!.PodUid, Is.EqualTo("uid-web-1"));
            Assert.That(diagnosis.Status!.Phase, Is.EqualTo("Failing"));
            Assert.That(diagnosis.Status.Cause, Is.EqualTo("TagNotFound"));
            Assert.That(diagnosis.Metadata.Annotations, Is.Null.Or.Empty, "no bookkeeping: what was announced is read from the status");
            Assert.That(diagnosis.Metadata.Labels[DiagnosisMetadata.CauseLabel], Is.EqualTo("TagNotFound"));
            Assert.That(diagnosis.Status.ObservedGeneration, Is.EqualTo(1));
            Assert.That(_events.Events.Single().Reason, Is.EqualTo("TagNotFound"));
            Assert.That(_events.Events.Single().Type, Is.EqualTo("Warning"));
            Assert.That(_events.Events.Single().Action, Is.EqualTo(DiagnosisReconciler.EventAction));
            Assert.That(_events.Events.Single().Regarding, Has.Property("Kind").EqualTo("Pod").And.Property("Name").EqualTo("web-1").And.Property("Uid").EqualTo("uid-web-1"));
            Assert.That(_events.Events.Single().Note, Does.StartWith("nginx:1.25.x: tag \"1.25.x\" does not exist in docker.io/library/nginx. Did you mean 1.25.3?").And.EndWith("Confirmed by the registry registry-1.docker.io. Fix: set the image of replicaset/web-7c9d (container web) to an existing tag: kubectl -n shop set image replicaset/web-7c9d web=nginx:1.25.3"));
        });
    }

    [Test]
    public async Task Reconcile_Again_NothingChanged_NoWritesNoEvents()
    {
        Stuck(Pods.Stuck());
        await Reconciler().ReconcileAsync(Key, CancellationToken.None);
        _time.Advance(TimeSpan.FromMinutes(3));

        await Reconciler().ReconcileAsync(Key, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(_diagnoses.Writes, Has.Count.EqualTo(2));
            Assert.That(_events.Events, Has.Count.EqualTo(1));
        });
    }

    [Test]
    public async Task Reconcile_CauseChanged_WritesStatusAndAnnouncesOnce()
    {
        Stuck(Pods.Stuck());
        await Reconciler().ReconcileAsync(Key, CancellationToken.None);

        _probe = new FakeProbe(r => FakeProbe.Problem(r, CauseCode.AccessDenied, 403));
        await Reconciler().ReconcileAsync(Key, CancellationToken.None);
        await Reconciler().ReconcileAsync(Key, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(_diagnoses.Writes, Is.EqualTo(new[] { "create", "status", "status", "metadata" }));
            Assert.That(_events.Events.Select(e => e.Reason), Is.EqualTo(new[] { "TagNotFound", "AccessDenied" }));
        });
    }

    [Test]
    public async Task Reconcile_PodRecovered_ResolvedOnceWithNormalEvent()
    {
        var pod = Pods.Stuck();
        Stuck(pod);
        await Reconciler().ReconcileAsync(Key, CancellationToken.None);

        _store.Items.Clear();
        _reader.Pods["web-1"] = Pods.Running(Pods.Stuck());
        await Reconciler().ReconcileAsync(Key, CancellationToken.None);
        await Reconciler().ReconcileAsync(Key, CancellationToken.None);

        var status = _diagnoses.Objects["web-1"].Status!;
        Assert.Multiple(() =>
        {
            Assert.That(status.Phase, Is.EqualTo("Resolved"));
            Assert.That(status.ResolvedTime, Is.Not.Null);
            Assert.That(status.Cause, Is.EqualTo("TagNotFound"), "the diagnosis stays as history");
            Assert.That(_events.Events.Select(e => (e.Type, e.Reason)), Is.EqualTo(new[] { ("Warning", "TagNotFound"), ("Normal", DiagnosisReconciler.RecoveredReason) }));
            Assert.That(_diagnoses.Writes, Is.EqualTo(new[] { "create", "status", "status" }));
        });
    }

    [Test]
    public async Task Reconcile_PodGone_DoesNothing()
    {
        Stuck(Pods.Stuck());
        await Reconciler().ReconcileAsync(Key, CancellationToken.None);
        _store.Items.Clear();

        var result = await Reconciler().ReconcileAsync(Key, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(result.RequeueAfter, Is.Null);
            Assert.That(_diagnoses.Writes, Has.Count.EqualTo(2));
        });
    }

    [Test]
    public async Task Reconcile_PodStillInitializing_ChecksAgainLater()
    {
        Stuck(Pods.Stuck());
        await Reconciler().ReconcileAsync(Key, CancellationToken.None);
        _store.Items.Clear();
        var pending = Pods.Stuck();
        pending.Status.ContainerStatuses[0].State.Waiting = new V1ContainerStateWaiting { Reason = "ContainerCreating" };
        _reader.Pods["web-1"] = pending;

        var result = await Reconciler().ReconcileAsync(Key, CancellationToken.None);

        Assert.That(result.RequeueAfter, Is.EqualTo(DiagnosisReconciler.RecheckPending));
    }

    [Test]
    public async Task Reconcile_RecreatedPodWithTheSameName_ReplacesTheOldDiagnosis()
    {
        Stuck(Pods.Stuck());
        await Reconciler().ReconcileAsync(Key, CancellationToken.None);

        Stuck(Pods.Stuck(uid: "uid-web-1-new"));
        await Reconciler().ReconcileAsync(Key, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(_diagnoses.Objects["web-1"].Spec!.PodUid, Is.EqualTo("uid-web-1-new"));
            Assert.That(_diagnoses.Writes, Is.EqualTo(new[] { "create", "status", "delete", "create", "status" }));
        });
    }

    [Test]
    public async Task Reconcile_StuckAgainAfterRecovery_AnnouncesAgain()
    {
        Stuck(Pods.Stuck());
        await Reconciler().ReconcileAsync(Key, CancellationToken.None);
        _store.Items.Clear();
        _reader.Pods["web-1"] = Pods.Running(Pods.Stuck());
        await Reconciler().ReconcileAsync(Key, CancellationToken.None);

        Stuck(Pods.Stuck());
        await Reconciler().ReconcileAsync(Key, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(_diagnoses.Objects["web-1"].Status!.Phase, Is.EqualTo("Failing"));
            Assert.That(_events.Events.Select(e => e.Reason), Is.EqualTo(new[] { "TagNotFound", DiagnosisReconciler.RecoveredReason, "TagNotFound" }));
        });
    }

    private void Stuck(V1Pod pod) => _store.Items[Key] = PodProjection.Project(pod);

    private DiagnosisReconciler Reconciler()
    {
        var analyzer = new PodAnalyzer(_reader, _probe, new PullSecretResolver(_reader, _time, true), new OwnerResolver(_reader, _time), new NodePlatformResolver(_reader, _time));
        return new DiagnosisReconciler(_store, _diagnoses, _reader, analyzer, _events, _time, null, NullLogger<DiagnosisReconciler>.Instance);
    }
}
