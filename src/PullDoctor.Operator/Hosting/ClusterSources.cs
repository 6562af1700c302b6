using k8s;
using k8s.Models;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PullDoctor.Diagnosis;
using PullDoctor.Operator.Caching;
using PullDoctor.Operator.Diagnosis;
using PullDoctor.Operator.Informers;
using PullDoctor.Operator.Informers.PodStream;
using PullDoctor.Operator.Queues;

namespace PullDoctor.Operator.Hosting;

/// <summary>
/// Everything the operator watches, per namespace (or cluster-wide): stuck pods (decoded from the stream, slim
/// projections), sandbox-image pull failures (FailedCreatePodSandBox Events), and the reconcile caches (diagnoses,
/// pods' pull Events). Each change queues the pod's key; the stores are what a reconcile reads.
/// </summary>
internal sealed class ClusterSources
{
    private ClusterSources(
        IReadOnlyList<Informer<DecodedPod, PodSnapshot>> pods,
        IReadOnlyList<Informer<Corev1Event, SandboxPullEvent>> sandboxEvents,
        NamespacedStores<PodSnapshot> stuckPods,
        NamespacedStores<SandboxPullEvent> sandboxPulls,
        ReconcileCaches caches)
    {
        Pods = pods;
        SandboxEventInformers = sandboxEvents;
        StuckPods = stuckPods;
        SandboxPulls = sandboxPulls;
        Caches = caches;
    }

    public IReadOnlyList<Informer<DecodedPod, PodSnapshot>> Pods { get; }

    public IReadOnlyList<Informer<Corev1Event, SandboxPullEvent>> SandboxEventInformers { get; }

    public NamespacedStores<PodSnapshot> StuckPods { get; }

    public NamespacedStores<SandboxPullEvent> SandboxPulls { get; }

    public ReconcileCaches Caches { get; }

    /// <summary>In start order: pods, sandbox Events, then the reconcile caches.</summary>
    public IEnumerable<IHostedService> HostedServices =>
        Pods.Cast<IHostedService>().Concat(SandboxEventInformers).Concat(Caches.HostedServices);

    public IEnumerable<(string Name, InformerStats Stats)> Stats =>
        Pods.Select(i => (i.Name, i.Stats)).Concat(SandboxEventInformers.Select(i => (i.Name, i.Stats))).Concat(Caches.Stats);

    public Task WaitForSyncAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(Pods.Select(i => i.WaitForSyncAsync(cancellationToken))
            .Concat(SandboxEventInformers.Select(i => i.WaitForSyncAsync(cancellationToken)))
            .Append(Caches.WaitForSyncAsync(cancellationToken)));

    public static ClusterSources Create(IKubernetes client, OperatorOptions options, IWorkQueue<ObjectKey> queue, TimeProvider time, ILoggerFactory loggers, OperatorAppSettings settings)
    {
        var namespaces = options.Namespaces.Count == 0 ? [null] : options.Namespaces.Cast<string?>().ToArray();
        var pods = namespaces.Select(ns => PodInformer(client, ns, time, loggers, settings)).ToArray();
        var sandboxEvents = namespaces.Select(ns => SandboxEventInformer(client, ns, time, loggers, settings)).ToArray();
        foreach (var informer in pods)
        {
            informer.AddHandler(change => queue.Add(change.Key));
        }

        // A sandbox-pull Event is about a pod: the pod's key is what is reconciled.
        foreach (var informer in sandboxEvents)
        {
            informer.AddHandler(change => queue.Add(new ObjectKey(change.Object.Namespace, change.Object.PodName)));
        }

        var stuckPods = new NamespacedStores<PodSnapshot>(pods);
        var sandboxPulls = new NamespacedStores<SandboxPullEvent>(sandboxEvents);

        // Reconciles read diagnoses and pods' pull Events from informers, not per reconcile (issue 16).
        var caches = ReconcileCaches.Create(client, options.Namespaces, stuckPods, sandboxPulls, queue, time, loggers, settings);
        return new ClusterSources(pods, sandboxEvents, stuckPods, sandboxPulls, caches);
    }

    private static Informer<DecodedPod, PodSnapshot> PodInformer(IKubernetes client, string? ns, TimeProvider time, ILoggerFactory loggers, OperatorAppSettings settings) =>
        // Pods are decoded from the response stream: a healthy pod costs a reader pass, never a V1Pod (issue 16).
        Build(new PodStreamListWatch(client, ns), ns is null ? "pods" : $"pods/{ns}", DecodedPod.IsStuck, DecodedPod.Project, settings.ConfigureInformer, time, loggers);

    private static Informer<Corev1Event, SandboxPullEvent> SandboxEventInformer(IKubernetes client, string? ns, TimeProvider time, ILoggerFactory loggers, OperatorAppSettings settings) =>
        Build(SandboxEvents.ListWatch(client, ns), ns is null ? "sandbox-events" : $"sandbox-events/{ns}", SandboxEvents.IsSandboxPullFailure, SandboxEvents.Project, settings.ConfigureSandboxInformer, time, loggers);

    private static Informer<TObject, TProjection> Build<TObject, TProjection>(
        IListWatch<TObject> listWatch,
        string name,
        Func<TObject, bool> filter,
        Func<TObject, TProjection> transform,
        Action<InformerOptions<TObject, TProjection>>? configure,
        TimeProvider time,
        ILoggerFactory loggers)
        where TObject : class
    {
        var options = new InformerOptions<TObject, TProjection> { Name = name, Filter = filter, Transform = transform };
        configure?.Invoke(options);
        return new Informer<TObject, TProjection>(listWatch, options, time, loggers.CreateLogger<Informer<TObject, TProjection>>());
    }
}
