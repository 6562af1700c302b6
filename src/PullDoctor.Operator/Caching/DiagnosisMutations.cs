using System.Collections.Concurrent;
using PullDoctor.Diagnosis;
using PullDoctor.Operator.Queues;

namespace PullDoctor.Operator.Caching;

/// <summary>
/// Read-your-writes over the diagnosis informer (client-go's MutationCache): what this process wrote last is what the
/// next read returns until the informer has caught up with it. Without it, a reconcile that follows our own status
/// write by a few milliseconds would read the older object, decide to announce again, and meet 409 Conflict on every
/// write until the watch delivers: a storm of conflicts (and, had a write not needed the resourceVersion, of
/// duplicate Events). Entries go when the informer holds the same object at the same or a newer resourceVersion, a
/// different newer object, or when they expire; an entry never hides what another writer did later.
/// </summary>
internal sealed class DiagnosisMutations(TimeProvider time, TimeSpan? lifetime = null)
{
    /// <summary>How long an entry can outlive an informer that never delivers (its watch broken): then the informer's view stands.</summary>
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromMinutes(2);

    private readonly ConcurrentDictionary<ObjectKey, Mutation> _entries = new();
    private readonly TimeSpan _lifetime = lifetime ?? DefaultLifetime;

    public int Count => _entries.Count;

    /// <summary>Remembers the object a create, status write or patch returned.</summary>
    public void Wrote(ObjectKey key, CachedDiagnosis written) => Put(key, new Mutation(written, null, time.GetUtcNow() + _lifetime));

    /// <summary>Remembers that the object with this uid was deleted.</summary>
    public void Deleted(ObjectKey key, string uid) => Put(key, new Mutation(null, uid, time.GetUtcNow() + _lifetime));

    /// <summary>The informer dropped <paramref name="last"/>: a write of that same object is gone with it.</summary>
    public void InformerDeleted(ObjectKey key, CachedDiagnosis last)
    {
        if (_entries.TryGetValue(key, out var entry) && entry.Written?.Uid == last.Uid)
            _entries.TryRemove(KeyValuePair.Create(key, entry));
    }

    /// <summary>What a read returns, given what the informer holds (<paramref name="cached"/>, null for nothing).</summary>
    public CachedDiagnosis? Resolve(ObjectKey key, CachedDiagnosis? cached)
    {
        if (!_entries.TryGetValue(key, out var entry))
            return cached;

        if (entry.Expires <= time.GetUtcNow() || Superseded(entry, cached))
        {
            _entries.TryRemove(KeyValuePair.Create(key, entry));
            return cached;
        }

        // A delete the informer has not seen yet, or a write it has not caught up with.
        return entry.Written;
    }

    private static bool Superseded(Mutation entry, CachedDiagnosis? cached)
    {
        if (entry.Written is not { } written)
        {
            // A delete: superseded once the informer no longer holds the deleted object.
            return cached is null || cached.Uid != entry.DeletedUid;
        }

        if (cached is null)
            return false;

        var order = ResourceVersions.Compare(cached.ResourceVersion, written.ResourceVersion);
        return cached.Uid == written.Uid
            ? order is >= 0 || (order is null && cached.ResourceVersion == written.ResourceVersion)
            : order is > 0;
    }

    private void Put(ObjectKey key, Mutation mutation)
    {
        _entries[key] = mutation;
        if (_entries.Count > 1024)
            Purge();
    }

    // Entries are normally dropped when read; ones never read again (a pod deleted meanwhile) go when they expire.
    private void Purge()
    {
        var now = time.GetUtcNow();
        foreach (var entry in _entries)
        {
            if (entry.Value.Expires <= now)
                _entries.TryRemove(entry);
        }
    }

    private sealed record Mutation(CachedDiagnosis? Written, string? DeletedUid, DateTimeOffset Expires);
}
