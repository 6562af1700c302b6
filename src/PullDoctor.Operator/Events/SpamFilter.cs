namespace PullDoctor.Operator.Events;

/// <summary>
/// Per-object token buckets (client-go's EventSourceObjectSpamFilter: burst 25, one token per 5 minutes), so a
/// hot loop on one object cannot flood the API server with Events.
/// </summary>
internal sealed class SpamFilter
{
    private readonly Lock _gate = new();
    private readonly LruCache<string, Bucket> _buckets;
    private readonly int _burst;
    private readonly TimeSpan _refill;
    private readonly TimeProvider _time;

    public SpamFilter(int burst, TimeSpan refill, int maxObjects, TimeProvider time)
    {
        _burst = burst;
        _refill = refill;
        _time = time;
        _buckets = new LruCache<string, Bucket>(maxObjects);
    }

    /// <summary>Takes a token for the object; false when its bucket is empty.</summary>
    public bool TryAcquire(string objectKey)
    {
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            if (!_buckets.TryGet(objectKey, out var bucket))
            {
                bucket = new Bucket { Tokens = _burst, Last = now };
                _buckets.Set(objectKey, bucket);
            }

            var refilled = (now - bucket.Last) / _refill;
            if (refilled > 0)
            {
                bucket.Tokens = Math.Min(_burst, bucket.Tokens + refilled);
                bucket.Last = now;
            }

            if (bucket.Tokens < 1)
                return false;
            bucket.Tokens -= 1;
            return true;
        }
    }

    private sealed class Bucket
    {
        public double Tokens { get; set; }

        public DateTimeOffset Last { get; set; }
    }
}
