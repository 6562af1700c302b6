namespace PullDoctor.Operator.Informers;

/// <summary>Counters of one informer, for metrics (watch restarts, relists) and tests.</summary>
internal sealed class InformerStats
{
    private long _lists;
    private long _relists;
    private long _watchStarts;
    private long _watchRestarts;
    private long _watchdogReconnects;
    private long _gone;
    private long _events;
    private long _bookmarks;
    private long _filteredOut;
    private long _handlerErrors;
    private long _transformErrors;
    private long _decodeErrors;

    /// <summary>Completed full lists (the initial one included).</summary>
    public long Lists => Interlocked.Read(ref _lists);

    /// <summary>Lists after the first, e.g. after 410 Gone.</summary>
    public long Relists => Interlocked.Read(ref _relists);

    public long WatchStarts => Interlocked.Read(ref _watchStarts);

    /// <summary>Watches or lists that ended in an error (410, transport failure, stall, decode error) and were retried.</summary>
    public long WatchRestarts => Interlocked.Read(ref _watchRestarts);

    /// <summary>Watches cancelled because nothing (not even a bookmark) arrived within the stall timeout.</summary>
    public long WatchdogReconnects => Interlocked.Read(ref _watchdogReconnects);

    /// <summary>410 Gone / Expired answers (each leads to a relist).</summary>
    public long Gone => Interlocked.Read(ref _gone);

    /// <summary>Watch events received, bookmarks included.</summary>
    public long Events => Interlocked.Read(ref _events);

    public long Bookmarks => Interlocked.Read(ref _bookmarks);

    /// <summary>Objects looked at and not kept because they failed the filter.</summary>
    public long FilteredOut => Interlocked.Read(ref _filteredOut);

    public long HandlerErrors => Interlocked.Read(ref _handlerErrors);

    public long TransformErrors => Interlocked.Read(ref _transformErrors);

    public long DecodeErrors => Interlocked.Read(ref _decodeErrors);

    internal void ListCompleted(bool relist)
    {
        Interlocked.Increment(ref _lists);
        if (relist)
            Interlocked.Increment(ref _relists);
    }

    internal void WatchStarted() => Interlocked.Increment(ref _watchStarts);

    internal void WatchRestarted() => Interlocked.Increment(ref _watchRestarts);

    internal void WatchdogFired() => Interlocked.Increment(ref _watchdogReconnects);

    internal void GoneReceived() => Interlocked.Increment(ref _gone);

    internal void EventReceived(bool bookmark)
    {
        Interlocked.Increment(ref _events);
        if (bookmark)
            Interlocked.Increment(ref _bookmarks);
    }

    internal void Filtered() => Interlocked.Increment(ref _filteredOut);

    internal void HandlerFailed() => Interlocked.Increment(ref _handlerErrors);

    internal void TransformFailed() => Interlocked.Increment(ref _transformErrors);

    internal void DecodeFailed() => Interlocked.Increment(ref _decodeErrors);
}
