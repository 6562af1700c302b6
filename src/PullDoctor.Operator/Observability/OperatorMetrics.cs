using System.Collections.Concurrent;
using Prometheus;
using PullDoctor.Core.Causes;
using PullDoctor.Operator.Queues;

namespace PullDoctor.Operator.Observability;

/// <summary>
/// PullDoctor's Prometheus metrics. Cause codes are a closed set, so the cause label cannot explode; namespaces are
/// bounded (<see cref="MaxNamespaceLabels"/>, the rest under <c>_other</c>); no label ever carries a pod name, an
/// image or anything secret. Everything counted since start is a counter named <c>_total</c>, and every series with
/// known label values is present with 0 from the start, so a restart reads as a reset, never as a missing series.
/// </summary>
internal sealed class OperatorMetrics
{
    /// <summary>At most this many namespaces get a label value of their own in <c>pulldoctor_stuck_pods_by_cause</c>.</summary>
    public const int MaxNamespaceLabels = 50;

    public const string OtherNamespaces = "_other";

    public static readonly string[] ReconcileResults = ["success", "error", "requeue", "requeue_after", "interrupted"];
    public static readonly string[] WriteKinds = ["create", "status", "metadata", "delete", "event"];
    public static readonly string[] EventResults = ["created", "series_update", "spam_dropped", "queue_full", "failed"];

    private readonly ConcurrentDictionary<ObjectKey, string> _causes = new();
    private readonly HashSet<(string Namespace, string Cause)> _published = [];
    private readonly Lock _publishing = new();

    public OperatorMetrics(CollectorRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        Registry = registry;
        var factory = Metrics.WithCustomRegistry(registry);
        Reconciles = factory.CreateCounter("pulldoctor_reconciles_total", "Reconciles by result (success, error, requeue, requeue_after, interrupted).", new CounterConfiguration { LabelNames = ["result"] });
        ReconcileDuration = factory.CreateHistogram("pulldoctor_reconcile_duration_seconds", "Time of one reconcile.", new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(0.001, 2, 16) });
        Diagnoses = factory.CreateCounter("pulldoctor_diagnoses_total", "Diagnoses announced on pods, by cause (one per cause change of a pod).", new CounterConfiguration { LabelNames = ["cause"] });
        Recoveries = factory.CreateCounter("pulldoctor_recoveries_total", "Pods whose images were all pulled after a diagnosis.");
        ProbeDuration = factory.CreateHistogram("pulldoctor_probe_duration_seconds", "Registry probe latency by outcome (Pullable, a cause code, or Inconclusive); cached answers included.", new HistogramConfiguration { LabelNames = ["outcome"], Buckets = Histogram.ExponentialBuckets(0.0005, 2, 18) });
        Writes = factory.CreateCounter("pulldoctor_api_writes_total", "Writes to the API server by kind (create, status, metadata, delete, event).", new CounterConfiguration { LabelNames = ["kind"] });
        ApiErrors = factory.CreateCounter("pulldoctor_api_errors_total", "Failed API requests by HTTP status code (0: no response); a 404 on a read or delete is an answer, not an error.", new CounterConfiguration { LabelNames = ["code"] });
        QueueDepth = factory.CreateGauge("pulldoctor_workqueue_depth", "Keys waiting in the work queue (ready and delayed).");
        QueueRetries = factory.CreateCounter("pulldoctor_workqueue_retries_total", "Rate-limited requeues since start.");
        WatchRestarts = factory.CreateCounter("pulldoctor_watch_restarts_total", "Watches or lists that failed and were restarted since start, by informer.", new CounterConfiguration { LabelNames = ["informer"] });
        Relists = factory.CreateCounter("pulldoctor_relists_total", "Relists after the first list (e.g. after 410 Gone) since start, by informer.", new CounterConfiguration { LabelNames = ["informer"] });
        StuckPods = factory.CreateGauge("pulldoctor_stuck_pods", "Pods currently kept because they are stuck pulling an image.");
        StuckPodsByCause = factory.CreateGauge("pulldoctor_stuck_pods_by_cause", $"Stuck pods by namespace and diagnosed cause (at most {MaxNamespaceLabels} namespaces by name, the rest as {OtherNamespaces}).", new GaugeConfiguration { LabelNames = ["namespace", "cause"] });
        Leader = factory.CreateGauge("pulldoctor_leader", "1 while this replica holds the leader Lease.");
        Events = factory.CreateCounter("pulldoctor_events_total", "Events on pods since start by result (created, series_update, spam_dropped, queue_full, failed).", new CounterConfiguration { LabelNames = ["result"] });

        foreach (var result in ReconcileResults)
        {
            Reconciles.WithLabels(result);
        }

        foreach (var cause in Enum.GetNames<CauseCode>())
        {
            Diagnoses.WithLabels(cause);
        }

        foreach (var kind in WriteKinds)
        {
            Writes.WithLabels(kind);
        }

        foreach (var result in EventResults)
        {
            Events.WithLabels(result);
        }
    }

    public CollectorRegistry Registry { get; }

    public Counter Reconciles { get; }

    public Histogram ReconcileDuration { get; }

    public Counter Diagnoses { get; }

    public Counter Recoveries { get; }

    public Histogram ProbeDuration { get; }

    public Counter Writes { get; }

    public Counter ApiErrors { get; }

    public Gauge QueueDepth { get; }

    public Counter QueueRetries { get; }

    public Counter WatchRestarts { get; }

    public Counter Relists { get; }

    public Gauge StuckPods { get; }

    public Gauge StuckPodsByCause { get; }

    public Gauge Leader { get; }

    public Counter Events { get; }

    /// <summary>Notes the cause a stuck pod was diagnosed with (the reconciler calls this on every diagnosis).</summary>
    public void NoteStuck(ObjectKey key, string cause) => _causes[key] = cause;

    /// <summary>Forgets a pod that is no longer stuck (recovered or gone); a scrape also prunes what the store no longer holds.</summary>
    public void ForgetStuck(ObjectKey key) => _causes.TryRemove(key, out _);

    /// <summary>
    /// Sets <c>pulldoctor_stuck_pods_by_cause</c> from the noted causes of the pods still stuck (<paramref name="isStuck"/>,
    /// the informer's store), forgetting the rest, and drops series that fell to nothing.
    /// </summary>
    public void PublishStuckByCause(Func<ObjectKey, bool> isStuck)
    {
        ArgumentNullException.ThrowIfNull(isStuck);
        lock (_publishing)
        {
            var counts = new Dictionary<(string Namespace, string Cause), int>();
            var namespaces = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (key, cause) in _causes.OrderBy(c => c.Key))
            {
                if (!isStuck(key))
                {
                    _causes.TryRemove(key, out _);
                    continue;
                }

                var ns = key.Namespace ?? string.Empty;
                if (!namespaces.Contains(ns) && namespaces.Count >= MaxNamespaceLabels)
                {
                    ns = OtherNamespaces;
                }
                else
                {
                    namespaces.Add(ns);
                }

                counts[(ns, cause)] = counts.GetValueOrDefault((ns, cause)) + 1;
            }

            foreach (var gone in _published.Where(p => !counts.ContainsKey(p)).ToList())
            {
                StuckPodsByCause.RemoveLabelled(gone.Namespace, gone.Cause);
                _published.Remove(gone);
            }

            foreach (var ((ns, cause), count) in counts)
            {
                StuckPodsByCause.WithLabels(ns, cause).Set(count);
                _published.Add((ns, cause));
            }
        }
    }
}
