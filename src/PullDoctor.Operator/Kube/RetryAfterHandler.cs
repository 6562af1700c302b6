using System.Net;

namespace PullDoctor.Operator.Kube;

/// <summary>
/// Retries a request the API server refused with 429 Too Many Requests or 503 Service Unavailable and a
/// Retry-After header, waiting as told, like client-go's request retry: at most <c>maxAttempts</c> attempts and
/// <c>maxTotalDelay</c> of waiting, then the refusal goes to the caller. Watches are never retried here (the
/// informer owns their back-off), nor responses without Retry-After.
/// </summary>
internal sealed class RetryAfterHandler : DelegatingHandler
{
    private readonly TimeProvider _time;
    private readonly int _maxAttempts;
    private readonly TimeSpan _maxTotalDelay;
    private long _retries;

    public RetryAfterHandler(TimeProvider time, int maxAttempts = 10, TimeSpan? maxTotalDelay = null)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxAttempts);
        _time = time;
        _maxAttempts = maxAttempts;
        _maxTotalDelay = maxTotalDelay ?? TimeSpan.FromSeconds(30);
    }

    /// <summary>Requests sent again after a Retry-After (for metrics and tests).</summary>
    public long Retries => Interlocked.Read(ref _retries);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (IsWatch(request.RequestUri))
            return await base.SendAsync(request, cancellationToken);

        var waited = TimeSpan.Zero;
        for (var attempt = 1; ; attempt++)
        {
            var response = await base.SendAsync(request, cancellationToken);
            if (attempt >= _maxAttempts || RetryDelay(response) is not { } delay || waited + delay > _maxTotalDelay)
                return response;

            response.Dispose();
            waited += delay;
            Interlocked.Increment(ref _retries);
            await Task.Delay(delay, _time, cancellationToken);
        }
    }

    internal static bool IsWatch(Uri? uri)
    {
        if (uri is null || string.IsNullOrEmpty(uri.Query))
            return false;
        foreach (var part in uri.Query.TrimStart('?').Split('&'))
        {
            if (part.Equals("watch=true", StringComparison.OrdinalIgnoreCase) || part.Equals("watch=1", StringComparison.Ordinal))
                return true;
        }

        return false;
    }

    private TimeSpan? RetryDelay(HttpResponseMessage response)
    {
        if (response.StatusCode is not (HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable))
            return null;
        var retryAfter = response.Headers.RetryAfter;
        if (retryAfter?.Delta is { } delta)
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        if (retryAfter?.Date is { } date)
        {
            var wait = date - _time.GetUtcNow();
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }

        return null;
    }
}
