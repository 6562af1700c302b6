using Prometheus;

namespace PullDoctor.Operator.Observability;

/// <summary>
/// PullDoctor's Prometheus metrics. Cause codes are a closed set, so the cause label cannot explode; no
/// label ever carries a pod name, an image or anything secret.
/// </summary>
public sealed class OperatorMetrics
{
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
        Writes = factory.CreateCounter("pulldoctor_api_writes_total", "Writes to the API server by kind (create, status, delete, event).", new CounterConfiguration { LabelNames = ["kind"] });
        ApiErrors = factory.CreateCounter("pulldoctor_api_errors_total", "Failed API requests by HTTP status code (0: no response).", new CounterConfiguration { LabelNames = ["code"] });
        QueueDepth = factory.CreateGauge("pulldoctor_workqueue_depth", "Keys waiting in the work queue (ready and delayed).");
        QueueRetries = factory.CreateGauge("pulldoctor_workqueue_retries", "Rate-limited requeues since start.");
        WatchRestarts = factory.CreateGauge("pulldoctor_watch_restarts", "Watches or lists that failed and were restarted since start, by informer.", new GaugeConfiguration { LabelNames = ["informer"] });
        Relists = factory.CreateGauge("pulldoctor_relists", "Relists after the first list (e.g. after 410 Gone) since start, by informer.", new GaugeConfiguration { LabelNames = ["informer"] });
        StuckPods = factory.CreateGauge("pulldoctor_stuck_pods", "Pods currently kept because they are stuck pulling an image.");
        Leader = factory.CreateGauge("pulldoctor_leader", "1 while this replica holds the leader Lease.");
        Events = factory.CreateGauge("pulldoctor_events", "Events on pods since start by result (created, series_update, spam_dropped, queue_full, failed).", new GaugeConfiguration { LabelNames = ["result"] });
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

    public Gauge QueueRetries { get; }

    public Gauge WatchRestarts { get; }

    public Gauge Relists { get; }

    public Gauge StuckPods { get; }

    public Gauge Leader { get; }

    public Gauge Events { get; }
}
