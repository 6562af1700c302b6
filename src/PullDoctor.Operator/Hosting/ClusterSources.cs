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

    private static Informer<DecodedPod, PodSnapshot> PodInformer(IKubernetes client, string? ns, TimeProvider time, ILoggerFactory loggers, OperatorAppSettings settings)
    {
        // Pods are decoded from the response stream: a healthy pod costs a reader pass, never a V1Pod (issue 16).
        var informerOptions = new InformerOptions<DecodedPod, PodSnapshot>
        {
            Name = ns is null ? "pods" : $"pods/{ns}",
            Filter = DecodedPod.IsStuck,
            Transform = DecodedPod.Project,
        };
        settings.ConfigureInformer?.Invoke(informerOptions);
        return new Informer<DecodedPod, PodSnapshot>(new PodStreamListWatch(client, ns), informerOptions, time, loggers.CreateLogger<Informer<DecodedPod, PodSnapshot>>());
    }

    private static Informer<Corev1Event, SandboxPullEvent> SandboxEventInformer(IKubernetes client, string? ns, TimeProvider time, ILoggerFactory loggers, OperatorAppSettings settings)
    {
        var informerOptions = new InformerOptions<Corev1Event, SandboxPullEvent>
        {
            Name = ns is null ? "sandbox-events" : $"sandbox-events/{ns}",
            Filter = SandboxEvents.IsSandboxPullFailure,
            Transform = SandboxEvents.Project,
        };
        settings.ConfigureSandboxInformer?.Invoke(informerOptions);
        return new Informer<Corev1Event, SandboxPullEvent>(SandboxEvents.ListWatch(client, ns), informerOptions, time, loggers.CreateLogger<Informer<Corev1Event, SandboxPullEvent>>());
    }
}
