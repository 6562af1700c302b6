namespace PullDoctor.Operator.Queues;

/// <summary>
/// client-go's delaying queue: items wait in a min-heap ordered by ready time and are added to the inner
/// queue when a <see cref="TimeProvider"/> timer fires. Re-adding a waiting item keeps the earliest time.
/// </summary>
internal sealed class DelayingWorkQueue<T> : IDelayingWorkQueue<T>, IDisposable
    where T : notnull
{
    private readonly IWorkQueue<T> _inner;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly PriorityQueue<T, DateTimeOffset> _heap = new();
    private readonly Dictionary<T, DateTimeOffset> _readyAt = [];
    private readonly ITimer _timer;

    public DelayingWorkQueue(IWorkQueue<T> inner, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(time);
        _inner = inner;
        _time = time;
        _timer = time.CreateTimer(static state => ((DelayingWorkQueue<T>)state!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public int Length => _inner.Length;

    public long AddsTotal => _inner.AddsTotal;

    public bool IsShuttingDown => _inner.IsShuttingDown;

    public int WaitingCount
    {
        get
        {
            lock (_gate)
            {
                return _readyAt.Count;
            }
        }
    }

    public void Add(T item) => _inner.Add(item);

    public void AddAfter(T item, TimeSpan delay)
    {
        if (_inner.IsShuttingDown)
            return;

        if (delay <= TimeSpan.Zero)
        {
            _inner.Add(item);
            return;
        }

        lock (_gate)
        {
            var readyAt = _time.GetUtcNow() + delay;
            if (_readyAt.TryGetValue(item, out var existing) && existing <= readyAt)
                return;

            // The heap cannot lower a priority in place: push again and skip the stale entry when it surfaces.
            _readyAt[item] = readyAt;
            _heap.Enqueue(item, readyAt);
            RescheduleLocked();
        }
    }

    public Task<(T Item, bool ShuttingDown)> GetAsync(CancellationToken cancellationToken) => _inner.GetAsync(cancellationToken);

    public void Done(T item) => _inner.Done(item);

    public void ShutDown()
    {
        _inner.ShutDown();
        lock (_gate)
        {
            _heap.Clear();
            _readyAt.Clear();
            _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }
    }

    public void Dispose() => _timer.Dispose();

    private void OnTimer()
    {
        List<T>? ready = null;
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            while (_heap.TryPeek(out var item, out var at) && at <= now)
            {
                _heap.Dequeue();
                if (_readyAt.TryGetValue(item, out var current) && current == at)
                {
                    _readyAt.Remove(item);
                    (ready ??= []).Add(item);
                }
            }

            RescheduleLocked();
        }

        if (ready is null)
            return;
        foreach (var item in ready)
            _inner.Add(item);
    }

    private void RescheduleLocked()
    {
        while (_heap.TryPeek(out var item, out var at))
        {
            if (_readyAt.TryGetValue(item, out var current) && current == at)
            {
                var due = at - _time.GetUtcNow();
                _timer.Change(due > TimeSpan.Zero ? due : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
                return;
            }

            _heap.Dequeue();
        }

        _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }
}
