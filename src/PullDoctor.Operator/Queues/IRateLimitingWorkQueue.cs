namespace PullDoctor.Operator.Queues;

/// <summary>A delaying work queue whose retries are paced by an <see cref="IItemRateLimiter{T}"/>.</summary>
internal interface IRateLimitingWorkQueue<T> : IDelayingWorkQueue<T>
    where T : notnull
{
    /// <summary>Total number of <see cref="AddRateLimited"/> calls (the retries metric).</summary>
    long RetriesTotal { get; }

    /// <summary>Adds the item after the delay the rate limiter decides (per-item back-off, overall rate).</summary>
    void AddRateLimited(T item);

    /// <summary>Resets the item's back-off: call after a successful reconcile.</summary>
    void Forget(T item);

    int NumRequeues(T item);
}
