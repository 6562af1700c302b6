namespace PullDoctor.Operator.Queues;

internal static class RateLimiters
{
    /// <summary>
    /// Max of per-item exponential back-off (5 ms × 2^n, cap 1000 s) and an overall token bucket
    /// (10 qps, burst 100), unless <paramref name="options"/> says otherwise.
    /// </summary>
    public static IItemRateLimiter<T> Default<T>(TimeProvider time, RateLimiterOptions? options = null)
        where T : notnull
    {
        ArgumentNullException.ThrowIfNull(time);
        options ??= new RateLimiterOptions();
        return new MaxOfRateLimiter<T>(
            new ItemExponentialFailureRateLimiter<T>(options.BaseDelay, options.MaxDelay),
            new BucketRateLimiter<T>(options.Qps, options.Burst, time));
    }
}
