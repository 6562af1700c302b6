using PullDoctor.Diagnosis;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using PullDoctor.Operator.Crds;
using PullDoctor.Operator.Diagnosis;
using PullDoctor.Operator.Hosting;
using PullDoctor.Operator.Informers;
using PullDoctor.Operator.Queues;
using PullDoctor.Operator.Reconciliation;

namespace PullDoctor.Operator.Caching;

/// <summary>
/// The caches a reconcile reads instead of the API server: an informer over PullDoctor's ImagePullDiagnoses and one
/// per pull-Event reason, per watched namespace (or one for the cluster), as the pod informers are. Wrap the live
/// reader and client with <see cref="Reader"/> and <see cref="Diagnoses"/>; host every <see cref="Informers"/> entry.
/// </summary>
internal sealed class ReconcileCaches
{
    private readonly IReadOnlyList<Informer<ImagePullDiagnosis, CachedDiagnosis>> _diagnosisInformers;
    private readonly IReadOnlyList<Informer<Corev1Event, PodPullEvent>> _eventInformers;
    private readonly NamespacedStores<CachedDiagnosis> _diagnosisStore;
    private readonly IObjectStore<SandboxPullEvent>? _sandboxEvents;

    private ReconcileCaches(
        IReadOnlyList<Informer<ImagePullDiagnosis, CachedDiagnosis>> diagnosisInformers,
        IReadOnlyList<Informer<Corev1Event, PodPullEvent>> eventInformers,
        IObjectStore<SandboxPullEvent>? sandboxEvents,
        DiagnosisMutations mutations)
    {
        _diagnosisInformers = diagnosisInformers;
        _eventInformers = eventInformers;
        _diagnosisStore = new NamespacedStores<CachedDiagnosis>(diagnosisInformers);
        _sandboxEvents = sandboxEvents;
        Mutations = mutations;
    }

    public DiagnosisMutations Mutations { get; }

    public IObjectStore<CachedDiagnosis> DiagnosisStore => _diagnosisStore;

    /// <summary>The informers, to host (started with the pod informers, before the runner).</summary>
    public IEnumerable<Microsoft.Extensions.Hosting.IHostedService> HostedServices =>
        _diagnosisInformers.Cast<Microsoft.Extensions.Hosting.IHostedService>().Concat(_eventInformers);

    /// <summary>Each informer's name and counters, for the watch-restart and relist metrics.</summary>
    public IEnumerable<(string Name, InformerStats Stats)> Stats =>
        _diagnosisInformers.Select(i => (i.Name, i.Stats)).Concat(_eventInformers.Select(i => (i.Name, i.Stats)));

    /// <summary>True once every informer listed: no reconcile reads a cache before.</summary>
    public bool HasSynced => _diagnosisInformers.All(i => i.HasSynced) && _eventInformers.All(i => i.HasSynced);

    public Task WaitForSyncAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(_diagnosisInformers.Select(i => i.WaitForSyncAsync(cancellationToken)).Concat(_eventInformers.Select(i => i.WaitForSyncAsync(cancellationToken))));

    public static ReconcileCaches Create(
        IKubernetes client,
        IReadOnlyList<string> namespaces,
        IObjectStore<PodSnapshot> stuckPods,
        IObjectStore<SandboxPullEvent>? sandboxEvents,
        IWorkQueue<ObjectKey> queue,
        TimeProvider time,
        ILoggerFactory loggers,
        OperatorAppSettings settings)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(namespaces);
        ArgumentNullException.ThrowIfNull(loggers);
        ArgumentNullException.ThrowIfNull(settings);
        var scopes = namespaces.Count == 0 ? [null] : namespaces.Cast<string?>().ToArray();
        var mutations = new DiagnosisMutations(time);
        var triggers = new DiagnosisTriggers(stuckPods, queue, mutations);

        var diagnosisInformers = scopes.Select(ns =>
        {
            var options = new InformerOptions<ImagePullDiagnosis, CachedDiagnosis>
            {
                Name = ns is null ? "diagnoses" : $"diagnoses/{ns}",
                Transform = CachedDiagnosis.Of,
            };
            settings.ConfigureDiagnosisInformer?.Invoke(options);
            var informer = new Informer<ImagePullDiagnosis, CachedDiagnosis>(new DiagnosisListWatch(client, ns), options, time, loggers.CreateLogger<Informer<ImagePullDiagnosis, CachedDiagnosis>>());
            informer.AddHandler(triggers.OnDiagnosis);
            return informer;
        }).ToArray();

        var eventInformers = scopes.SelectMany(ns => PullEvents.Reasons.Select(reason =>
        {
            var options = new InformerOptions<Corev1Event, PodPullEvent>
            {
                Name = ns is null ? $"pull-events/{reason}" : $"pull-events/{reason}/{ns}",
                Filter = PullEvents.IsPodPullEvent,
                Transform = PullEvents.Project,
                IndexBy = e => e.PodUid,
            };
            settings.ConfigurePullEventInformer?.Invoke(options);
            var informer = new Informer<Corev1Event, PodPullEvent>(PullEvents.ListWatch(client, ns, reason), options, time, loggers.CreateLogger<Informer<Corev1Event, PodPullEvent>>());
            informer.AddHandler(triggers.OnPullEvent);
            return informer;
        })).ToArray();

        return new ReconcileCaches(diagnosisInformers, eventInformers, sandboxEvents, mutations);
    }

    /// <summary>The reader a reconcile uses: pod Events from the caches, everything else from <paramref name="live"/>.</summary>
    public IClusterReader Reader(IClusterReader live) => new CachingClusterReader(live, _eventInformers, _sandboxEvents);

    /// <summary>The diagnosis client a reconcile uses: reads from the cache, writes to <paramref name="live"/>.</summary>
    public IDiagnosisClient Diagnoses(IDiagnosisClient live) => new CachingDiagnosisClient(live, _diagnosisStore, Mutations);
}
