namespace PullDoctor.Operator.Informers;

/// <summary>
/// How an informer reads and what it keeps. Timing defaults are client-go's reflector numbers; tests shorten them.
/// </summary>
internal sealed class InformerOptions<TObject, TProjection>
{
    /// <summary>For logs and metrics.</summary>
    public string Name { get; set; } = "informer";

    /// <summary>
    /// Decides, on the full object, whether to keep it. Objects that fail are dropped at once (never
    /// transformed, never stored); a kept key whose object stops passing leaves the store with a Deleted event.
    /// Null keeps everything.
    /// </summary>
    public Func<TObject, bool>? Filter { get; set; }

    /// <summary>Turns a kept object into the slim projection that is stored and handed to handlers. Required.</summary>
    public Func<TObject, TProjection>? Transform { get; set; }

    /// <summary>
    /// An index over the kept projections (client-go's Indexers), e.g. an Event's involved pod uid; read it with
    /// <see cref="Informer{TObject, TProjection}.ByIndex"/>. Null keeps no index.
    /// </summary>
    public Func<TProjection, string?>? IndexBy { get; set; }

    /// <summary>
    /// Skip Updated events whose projection equals the kept one (EqualityComparer.Default; records compare by
    /// value), so churn in fields the projection drops costs no handler call.
    /// </summary>
    public bool SuppressUnchangedUpdates { get; set; } = true;

    /// <summary>List page size (limit); null lists in one request.</summary>
    public int? PageSize { get; set; } = 500;

    /// <summary>The watch's server-side timeoutSeconds is random in [min, max) so replicas do not reconnect in step.</summary>
    public TimeSpan WatchTimeoutMin { get; set; } = TimeSpan.FromMinutes(5);

    public TimeSpan WatchTimeoutMax { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Reconnect when nothing, not even a bookmark (the API server sends one about every minute), arrives for this long.</summary>
    public TimeSpan StallTimeout { get; set; } = TimeSpan.FromMinutes(6);

    /// <summary>Back-off after a failed list or watch: doubles from initial to max with up to 100 % jitter.</summary>
    public TimeSpan BackoffInitial { get; set; } = TimeSpan.FromMilliseconds(800);

    public TimeSpan BackoffMax { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The back-off starts again from initial after this long without a failure.</summary>
    public TimeSpan BackoffResetAfter { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>A watch that ends normally sooner than this without a single event counts as a failure (client-go's "very short watch").</summary>
    public TimeSpan MinWatchDuration { get; set; } = TimeSpan.FromSeconds(1);

    internal void Validate()
    {
        if (Transform is null)
            throw new ArgumentException("InformerOptions.Transform is required.");
        if (WatchTimeoutMin < TimeSpan.FromSeconds(1) || WatchTimeoutMax < WatchTimeoutMin)
            throw new ArgumentException("Watch timeouts must be at least 1 s and min <= max.");
        if (StallTimeout <= TimeSpan.Zero)
            throw new ArgumentException("StallTimeout must be positive.");
        if (BackoffInitial < TimeSpan.Zero || BackoffMax < BackoffInitial)
            throw new ArgumentException("Back-off must satisfy 0 <= initial <= max.");
        if (PageSize is <= 0)
            throw new ArgumentException("PageSize must be positive or null.");
    }
}
