using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using PullDoctor.Core.Causes;
using PullDoctor.Diagnosis;
using PullDoctor.Operator.Caching;
using PullDoctor.Operator.Crds;
using PullDoctor.Operator.Diagnosis;
using PullDoctor.Operator.Queues;
using PullDoctor.Operator.Reconciliation;
using PullDoctor.Operator.Tests.Support;

namespace PullDoctor.Operator.Tests.Caching;

/// <summary>
/// Read-your-writes of the cache-backed diagnosis client: the informer (<see cref="LaggingStore"/>) delivers only when
/// the test says so, as a watch a few milliseconds behind does.
/// </summary>
public sealed class CachingDiagnosisClientTests
{
    private static readonly ObjectKey Key = new("shop", "web-1");

    private FakeTimeProvider _time = null!;
    private FakeDiagnosisClient _server = null!;
    private LaggingStore _informer = null!;
    private DiagnosisMutations _mutations = null!;
    private CachingDiagnosisClient _client = null!;

    [SetUp]
    public void SetUp()
    {
        _time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero));
        _server = new FakeDiagnosisClient();
        _informer = new LaggingStore();
        _mutations = new DiagnosisMutations(_time);
        _client = new CachingDiagnosisClient(_server, _informer, _mutations);
    }

    [Test]
    public async Task Get_ReadsTheInformer_NotTheServer_AndReturnsACopy()
    {
        var created = await _server.CreateAsync(New(), CancellationToken.None);
        _informer.Deliver(created);
        _server.Writes.Clear();

        var read = await _client.GetAsync("shop", "web-1", CancellationToken.None);
        read!.Status = new ImagePullDiagnosisStatus { Phase = DiagnosisPhase.Failing };
        var again = await _client.GetAsync("shop", "web-1", CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(read.Metadata.Uid, Is.EqualTo(created.Metadata.Uid));
            Assert.That(again!.Status, Is.Null, "what a reconcile changes on its copy never reaches the cache");
            Assert.That(_server.Writes, Is.Empty);
        });
    }

    [Test]
    public async Task Get_AfterOwnWrites_ReturnsWhatTheWriteReturned_UntilTheInformerCatchesUp()
    {
        var created = await _client.CreateAsync(New(), CancellationToken.None);
        Assert.That((await _client.GetAsync("shop", "web-1", CancellationToken.None))?.Metadata.ResourceVersion, Is.EqualTo(created.Metadata.ResourceVersion), "the create is read back before any watch event");

        created.Status = new ImagePullDiagnosisStatus { Phase = DiagnosisPhase.Failing, Cause = "TagNotFound" };
        var written = await _client.ReplaceStatusAsync(created, CancellationToken.None);
        _informer.Deliver(KubeCopy(created, resourceVersionOf: created));

        var read = await _client.GetAsync("shop", "web-1", CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(read!.Metadata.ResourceVersion, Is.EqualTo(written.Metadata.ResourceVersion), "the informer's older object does not hide our write");
            Assert.That(read.Status?.Cause, Is.EqualTo("TagNotFound"));
        });

        _informer.Deliver(_server.Objects["web-1"]);
        Assert.Multiple(async () =>
        {
            Assert.That((await _client.GetAsync("shop", "web-1", CancellationToken.None))?.Metadata.ResourceVersion, Is.EqualTo(written.Metadata.ResourceVersion));
            Assert.That(_mutations.Count, Is.Zero, "caught up: the informer speaks again");
        });
    }

    [Test]
    public async Task Get_AnotherWriterWroteLater_TheInformersNewerObjectWins()
    {
        var created = await _client.CreateAsync(New(), CancellationToken.None);
        await _server.PatchLabelsAsync("shop", "web-1", new Dictionary<string, string> { ["someone"] = "else" }, CancellationToken.None);
        _informer.Deliver(_server.Objects["web-1"]);

        var read = await _client.GetAsync("shop", "web-1", CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(long.Parse(read!.Metadata.ResourceVersion, System.Globalization.CultureInfo.InvariantCulture), Is.GreaterThan(long.Parse(created.Metadata.ResourceVersion, System.Globalization.CultureInfo.InvariantCulture)));
            Assert.That(read.Metadata.Labels["someone"], Is.EqualTo("else"));
        });
    }

    [Test]
    public async Task Get_AfterOwnDelete_IsNull_WhileTheInformerStillHoldsIt_ThenTheRecreatedObject()
    {
        var old = await _server.CreateAsync(New(), CancellationToken.None);
        _informer.Deliver(old);

        await _client.DeleteAsync("shop", "web-1", old.Metadata.Uid, CancellationToken.None);
        Assert.That(await _client.GetAsync("shop", "web-1", CancellationToken.None), Is.Null, "deleted, though the watch has not said so");

        var recreated = await _client.CreateAsync(New(), CancellationToken.None);
        Assert.That((await _client.GetAsync("shop", "web-1", CancellationToken.None))?.Metadata.Uid, Is.EqualTo(recreated.Metadata.Uid), "the informer's older object of the same name does not hide the new one");
    }

    [Test]
    public async Task Create_AlreadyExists_OneLiveRead_IsWhatTheNextReadReturns()
    {
        var existing = await _server.CreateAsync(New(), CancellationToken.None);
        var server = new AlreadyExistsOnCreate(_server);
        var client = new CachingDiagnosisClient(server, _informer, _mutations);

        Assert.ThrowsAsync<k8s.Autorest.HttpOperationException>(() => client.CreateAsync(New(), CancellationToken.None));
        var read = await client.GetAsync("shop", "web-1", CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(read?.Metadata.Uid, Is.EqualTo(existing.Metadata.Uid));
            Assert.That(server.Gets, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Get_AWriteTheInformerNeverDelivers_ExpiresToTheInformersView()
    {
        var created = await _client.CreateAsync(New(), CancellationToken.None);
        _time.Advance(DiagnosisMutations.DefaultLifetime + TimeSpan.FromSeconds(1));

        Assert.That(await _client.GetAsync("shop", "web-1", CancellationToken.None), Is.Null);
        _ = created;
    }

    /// <summary>
    /// The storm the cache must not cause: reconciles that follow our own writes before the watch delivers them read
    /// the object as written, so the second reconcile writes nothing, meets no 409, and announces nothing again.
    /// </summary>
    [Test]
    public async Task Reconciles_BeforeTheWatchDelivers_NoConflict_NoSecondEvent()
    {
        var reader = new FakeClusterReader();
        var events = new RecordingEventRecorder();
        var pods = new DictionaryStore<PodSnapshot>();
        pods.Items[Key] = PodProjection.Project(Pods.Stuck());
        var probe = new FakeProbe(r => FakeProbe.Problem(r, CauseCode.TagNotFound, 404, "1.25.3"));
        var analyzer = new PodAnalyzer(reader, probe, new PullSecretResolver(reader, _time, true), new OwnerResolver(reader, _time), new NodePlatformResolver(reader, _time));
        var reconciler = new DiagnosisReconciler(pods, _client, reader, analyzer, events, _time, null, NullLogger<DiagnosisReconciler>.Instance);

        await reconciler.ReconcileAsync(Key, CancellationToken.None);
        pods.Items[Key] = PodProjection.Project(Pods.Stuck(reason: "ImagePullBackOff", message: "Back-off pulling image \"nginx:1.25.x\""));
        await reconciler.ReconcileAsync(Key, CancellationToken.None);
        await reconciler.ReconcileAsync(Key, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(_informer.Count, Is.Zero, "the watch delivered nothing meanwhile");
            Assert.That(_server.Writes, Is.EqualTo(new[] { "create", "status" }));
            Assert.That(events.Events.Select(e => e.Reason), Is.EqualTo(new[] { "TagNotFound" }));
        });
    }

    private static ImagePullDiagnosis New() => new()
    {
        Metadata = new k8s.Models.V1ObjectMeta { Name = "web-1", NamespaceProperty = "shop", Labels = new Dictionary<string, string> { [ImagePullDiagnosis.ManagedByLabel] = ImagePullDiagnosis.ManagedByValue } },
        Spec = new ImagePullDiagnosisSpec { PodName = "web-1", PodUid = "uid-web-1" },
    };

    // The object as the informer saw it at an older resourceVersion (before our status write).
    private static ImagePullDiagnosis KubeCopy(ImagePullDiagnosis d, ImagePullDiagnosis resourceVersionOf)
    {
        var copy = k8s.KubernetesJson.Deserialize<ImagePullDiagnosis>(k8s.KubernetesJson.Serialize(d));
        copy.Status = null;
        copy.Metadata.ResourceVersion = resourceVersionOf.Metadata.ResourceVersion;
        return copy;
    }

    /// <summary>A server where the diagnosis already exists although the cache never saw it (e.g. created without our label).</summary>
    private sealed class AlreadyExistsOnCreate(FakeDiagnosisClient inner) : IDiagnosisClient
    {
        public int Gets { get; private set; }

        public Task<ImagePullDiagnosis?> GetAsync(string namespaceName, string name, CancellationToken cancellationToken)
        {
            Gets++;
            return inner.GetAsync(namespaceName, name, cancellationToken);
        }

        public Task<ImagePullDiagnosis> CreateAsync(ImagePullDiagnosis diagnosis, CancellationToken cancellationToken) =>
            throw new k8s.Autorest.HttpOperationException("conflict")
            {
                Response = new k8s.Autorest.HttpResponseMessageWrapper(new HttpResponseMessage(System.Net.HttpStatusCode.Conflict), "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\"AlreadyExists\",\"code\":409}"),
            };

        public Task<ImagePullDiagnosis> ReplaceStatusAsync(ImagePullDiagnosis diagnosis, CancellationToken cancellationToken) => inner.ReplaceStatusAsync(diagnosis, cancellationToken);

        public Task<ImagePullDiagnosis> PatchLabelsAsync(string namespaceName, string name, IReadOnlyDictionary<string, string> labels, CancellationToken cancellationToken) =>
            inner.PatchLabelsAsync(namespaceName, name, labels, cancellationToken);

        public Task DeleteAsync(string namespaceName, string name, string uid, CancellationToken cancellationToken) => inner.DeleteAsync(namespaceName, name, uid, cancellationToken);

        public Task<IReadOnlyList<ImagePullDiagnosis>> ListAsync(string? namespaceName, CancellationToken cancellationToken) => inner.ListAsync(namespaceName, cancellationToken);
    }
}
