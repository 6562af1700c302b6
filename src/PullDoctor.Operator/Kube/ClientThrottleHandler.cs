using System.Threading.RateLimiting;

namespace PullDoctor.Operator.Kube;

/// <summary>
/// Optional client-side request rate (client-go's QPS/Burst): a token bucket every request, watches included,
/// waits on. Off by default: modern API servers protect themselves with Priority and Fairness.
/// </summary>
internal sealed class ClientThrottleHandler : DelegatingHandler
{
    private readonly TokenBucketRateLimiter _limiter;

    public ClientThrottleHandler(double qps, int burst)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(qps);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(burst);

        // One token per 1/qps seconds, expressed with whole tokens per period as the limiter requires.
        var tokensPerPeriod = Math.Max(1, (int)Math.Round(qps / 10));
        _limiter = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = burst,
            TokensPerPeriod = tokensPerPeriod,
            ReplenishmentPeriod = TimeSpan.FromSeconds(tokensPerPeriod / qps),
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        });
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var lease = await _limiter.AcquireAsync(1, cancellationToken);
        return await base.SendAsync(request, cancellationToken);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            _limiter.Dispose();
        base.Dispose(disposing);
    }
}
