namespace PullDoctor.Operator.Queues;

/// <summary>Waits the longest of several limiters (client-go's MaxOfRateLimiter); every limiter sees every call.</summary>
internal sealed class MaxOfRateLimiter<T> : IItemRateLimiter<T>
    where T : notnull
{
    private readonly IItemRateLimiter<T>[] _limiters;

    public MaxOfRateLimiter(params IItemRateLimiter<T>[] limiters)
    {
        ArgumentNullException.ThrowIfNull(limiters);
        if (limiters.Length == 0)
            throw new ArgumentException("At least one rate limiter is required.", nameof(limiters));
        _limiters = limiters;
    }

    public TimeSpan When(T item)
    {
        var longest = TimeSpan.Zero;
        foreach (var limiter in _limiters)
        {
            var delay = limiter.When(item);
            if (delay > longest)
                longest = delay;
        }

        return longest;
    }

    public void Forget(T item)
    {
        foreach (var limiter in _limiters)
            limiter.Forget(item);
    }

    public int NumRequeues(T item) => _limiters.Max(l => l.NumRequeues(item));
}
