namespace PullDoctor.Operator.Events;

/// <summary>Event recorder settings; defaults follow client-go's events broadcaster and spam filter.</summary>
internal sealed class EventRecorderOptions
{
    /// <summary>reportingController of every event (must be a qualified name).</summary>
    public string ReportingController { get; set; } = "pulldoctor.dev/pulldoctor";

    /// <summary>reportingInstance (at most 128 characters); null uses $POD_NAME, then the machine name.</summary>
    public string? ReportingInstance { get; set; }

    /// <summary>Pending events; when full, new events are dropped (and counted), never waited for.</summary>
    public int QueueCapacity { get; set; } = 1000;

    /// <summary>Events per object allowed in a burst.</summary>
    public int SpamBurst { get; set; } = 25;

    /// <summary>One more event per object is allowed after each interval.</summary>
    public TimeSpan SpamRefillInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>An isomorphic event within this time of the last one extends its series; later ones start a new Event.</summary>
    public TimeSpan SeriesWindow { get; set; } = TimeSpan.FromMinutes(6);

    /// <summary>Objects (spam buckets) and series remembered; the least recently used are forgotten.</summary>
    public int MaxTrackedObjects { get; set; } = 4096;

    /// <summary>Attempts per API write on transient errors (5xx, 429, transport).</summary>
    public int MaxAttempts { get; set; } = 3;

    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a stopping recorder keeps sending what is queued.</summary>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(2);

    internal string ResolveReportingInstance()
    {
        var instance = !string.IsNullOrEmpty(ReportingInstance) ? ReportingInstance
            : Environment.GetEnvironmentVariable("POD_NAME") is { Length: > 0 } pod ? pod
            : Environment.MachineName;
        return instance.Length <= 128 ? instance : instance[..128];
    }
}
