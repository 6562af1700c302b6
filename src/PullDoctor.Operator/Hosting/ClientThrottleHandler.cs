using System.Threading.RateLimiting;

namespace PullDoctor.Operator.Hosting;

/// <summary>
/// Optional client-side pacing of API requests (a token bucket), off by default as in controller-runtime, which
/// leaves pacing to the API server's priority and fairness. Watches are long-lived and not paced.
/// </summary>
public sealed class ClientThrottleHandler(double qps, int burst) : DelegatingHandler
{
    private readonly TokenBucketRateLimiter _limiter = new(new TokenBucketRateLimiterOptions
    {
        TokenLimit = burst,
        TokensPerPeriod = Math.Max(1, (int)Math.Ceiling(qps)),
        ReplenishmentPeriod = TimeSpan.FromSeconds(Math.Max(1, Math.Ceiling(qps)) / qps),
        QueueLimit = int.MaxValue,
        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        AutoReplenishment = true,
    });

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.RequestUri?.Query.Contains("watch=true", StringComparison.Ordinal) != true)
        {
            using var lease = await _limiter.AcquireAsync(1, cancellationToken);
        }

        return await base.SendAsync(request, cancellationToken);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _limiter.Dispose();
        }

        base.Dispose(disposing);
    }
}
