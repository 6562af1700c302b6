namespace PullDoctor.Operator.Queues;

/// <summary>Decides how long an item waits before it is retried (client-go's workqueue.RateLimiter).</summary>
internal interface IItemRateLimiter<T>
    where T : notnull
{
    /// <summary>Records one more failure of the item and returns how long to wait before retrying it.</summary>
    TimeSpan When(T item);

    /// <summary>Clears the item's failure history.</summary>
    void Forget(T item);

    int NumRequeues(T item);
}
