namespace PullDoctor.Operator.Queues;

/// <summary>
/// The queue a controller uses: deduplicating, delaying, and paced on retries by
/// <see cref="RateLimiters.Default{T}"/> unless another limiter is given.
/// </summary>
internal sealed class RateLimitingWorkQueue<T> : IRateLimitingWorkQueue<T>, IDisposable
    where T : notnull
{
    private readonly DelayingWorkQueue<T> _delaying;
    private readonly IItemRateLimiter<T> _limiter;
    private long _retriesTotal;

    public RateLimitingWorkQueue(TimeProvider time, IItemRateLimiter<T>? limiter = null)
    {
        ArgumentNullException.ThrowIfNull(time);
        _delaying = new DelayingWorkQueue<T>(new WorkQueue<T>(), time);
        _limiter = limiter ?? RateLimiters.Default<T>(time);
    }

    public int Length => _delaying.Length;

    public long AddsTotal => _delaying.AddsTotal;

    public long RetriesTotal => Interlocked.Read(ref _retriesTotal);

    public bool IsShuttingDown => _delaying.IsShuttingDown;

    public int WaitingCount => _delaying.WaitingCount;

    public void Add(T item) => _delaying.Add(item);

    public void AddAfter(T item, TimeSpan delay) => _delaying.AddAfter(item, delay);

    public void AddRateLimited(T item)
    {
        Interlocked.Increment(ref _retriesTotal);
        _delaying.AddAfter(item, _limiter.When(item));
    }

    public void Forget(T item) => _limiter.Forget(item);

    public int NumRequeues(T item) => _limiter.NumRequeues(item);

    public Task<(T Item, bool ShuttingDown)> GetAsync(CancellationToken cancellationToken) => _delaying.GetAsync(cancellationToken);

    public void Done(T item) => _delaying.Done(item);

    public void ShutDown() => _delaying.ShutDown();

    public void Dispose() => _delaying.Dispose();
}
