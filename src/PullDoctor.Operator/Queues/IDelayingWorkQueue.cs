namespace PullDoctor.Operator.Queues;

/// <summary>A work queue that can add an item after a delay; a pending item keeps the earliest requested time.</summary>
internal interface IDelayingWorkQueue<T> : IWorkQueue<T>
    where T : notnull
{
    /// <summary>Number of items waiting for their delay to pass.</summary>
    int WaitingCount { get; }

    void AddAfter(T item, TimeSpan delay);
}
