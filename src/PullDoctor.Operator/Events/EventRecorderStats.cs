namespace PullDoctor.Operator.Events;

/// <summary>Counters of the recorder, for metrics and tests.</summary>
internal sealed class EventRecorderStats
{
    private long _recorded;
    private long _created;
    private long _seriesUpdates;
    private long _droppedSpam;
    private long _droppedQueueFull;
    private long _failed;

    /// <summary>Record calls accepted into the queue.</summary>
    public long Recorded => Interlocked.Read(ref _recorded);

    /// <summary>Events created on the API server.</summary>
    public long Created => Interlocked.Read(ref _created);

    /// <summary>Repeats written as a series patch.</summary>
    public long SeriesUpdates => Interlocked.Read(ref _seriesUpdates);

    public long DroppedSpam => Interlocked.Read(ref _droppedSpam);

    public long DroppedQueueFull => Interlocked.Read(ref _droppedQueueFull);

    /// <summary>Events that could not be written (after retries) or were invalid.</summary>
    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>Events fully handled (written or failed); for tests waiting on the sender.</summary>
    public long Processed => Created + SeriesUpdates + Failed;

    internal void Accepted() => Interlocked.Increment(ref _recorded);

    internal void CreatedOne() => Interlocked.Increment(ref _created);

    internal void SeriesUpdated() => Interlocked.Increment(ref _seriesUpdates);

    internal void Spam() => Interlocked.Increment(ref _droppedSpam);

    internal void QueueFull() => Interlocked.Increment(ref _droppedQueueFull);

    internal void FailedOne() => Interlocked.Increment(ref _failed);
}
