namespace PullDoctor.Operator.Queues;

/// <summary>
/// A deduplicating work queue with client-go semantics: an item queued twice is processed once, and an item
/// added while it is being processed is queued again only after <see cref="Done"/>, so no two workers ever
/// hold the same item at once.
/// </summary>
internal interface IWorkQueue<T>
    where T : notnull
{
    /// <summary>Number of items waiting to be handed out (the depth metric).</summary>
    int Length { get; }

    /// <summary>Total number of accepted (not deduplicated) adds since creation.</summary>
    long AddsTotal { get; }

    bool IsShuttingDown { get; }

    void Add(T item);

    /// <summary>
    /// Waits for the next item. Returns <c>ShuttingDown = true</c> (and no item) once the queue is shut down
    /// and drained. Every item returned must be passed to <see cref="Done"/>.
    /// </summary>
    Task<(T Item, bool ShuttingDown)> GetAsync(CancellationToken cancellationToken);

    /// <summary>Marks an item as processed; if it was added again meanwhile it is queued now.</summary>
    void Done(T item);

    /// <summary>Stops accepting adds; waiting and future <see cref="GetAsync"/> calls see the shutdown once the queue is empty.</summary>
    void ShutDown();
}
