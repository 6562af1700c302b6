using System.Collections.Concurrent;

namespace PullDoctor.Diagnosis;

/// <summary>
/// A small time-bounded cache for reads many stuck pods share (their node, ReplicaSet, service account,
/// pull secrets): a thousand pods of one Deployment cost one read each, not a thousand. Bounded in size:
/// when full it is cleared, which is cheap and keeps memory proportional to what is being diagnosed.
/// </summary>
public sealed class ExpiringCache<TKey, TValue>(TimeProvider time, TimeSpan lifetime, int capacity = 4096)
    where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, (TValue Value, DateTimeOffset Expires)> _entries = new();

    public int Count => _entries.Count;

    public async Task<TValue> GetOrAddAsync(TKey key, Func<TKey, CancellationToken, Task<TValue>> factory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(factory);
        var now = time.GetUtcNow();
        if (_entries.TryGetValue(key, out var entry) && entry.Expires > now)
        {
            return entry.Value;
        }

        var value = await factory(key, cancellationToken);
        if (_entries.Count >= capacity)
        {
            _entries.Clear();
        }

        _entries[key] = (value, time.GetUtcNow() + lifetime);
        return value;
    }

    public void Invalidate(TKey key) => _entries.TryRemove(key, out _);
}
