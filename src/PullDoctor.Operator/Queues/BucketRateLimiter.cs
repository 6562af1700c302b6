namespace PullDoctor.Operator.Queues;

/// <summary>
/// An overall token bucket shared by all items (client-go's BucketRateLimiter over x/time/rate): every call
/// reserves a token and returns how long until that token exists, so bursts beyond <c>burst</c> are spread
/// out at <c>qps</c>. Reservations are never returned, as in client-go.
/// </summary>
internal sealed class BucketRateLimiter<T> : IItemRateLimiter<T>
    where T : notnull
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly double _qps;
    private readonly int _burst;
    private double _tokens;
    private DateTimeOffset _last;

    public BucketRateLimiter(double qps, int burst, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(qps);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(burst);
        ArgumentNullException.ThrowIfNull(time);
        _qps = qps;
        _burst = burst;
        _time = time;
        _tokens = burst;
        _last = time.GetUtcNow();
    }

    public TimeSpan When(T item)
    {
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            var elapsed = (now - _last).TotalSeconds;
            if (elapsed > 0)
            {
                _tokens = Math.Min(_burst, _tokens + (elapsed * _qps));
                _last = now;
            }

            _tokens -= 1;
            return _tokens >= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(-_tokens / _qps);
        }
    }

    public void Forget(T item)
    {
    }

    public int NumRequeues(T item) => 0;
}
