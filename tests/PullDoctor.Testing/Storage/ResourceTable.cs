using System.Collections.Immutable;
using PullDoctor.Testing.Resources;
using PullDoctor.Testing.Watch;

namespace PullDoctor.Testing.Storage;

/// <summary>
/// The objects of one stored resource, kept sorted by key in an immutable list so a list or a
/// paginated snapshot is taken in O(1) and pages are found by binary search, plus its watch history
/// and live watchers. Mutated only under the store's lock; read without it.
/// </summary>
public sealed class ResourceTable
{
    private volatile ImmutableList<StoredObject> _items = ImmutableList<StoredObject>.Empty;

    internal ResourceTable(ResourceType storageType, int historyCapacity)
    {
        StorageType = storageType;
        History = new HistoryBuffer(historyCapacity);
    }

    /// <summary>The version objects are stored in (the CRD's storage version, core/v1 for events).</summary>
    public ResourceType StorageType { get; internal set; }

    public ImmutableList<StoredObject> Items => _items;

    internal HistoryBuffer History { get; }

    internal List<Watcher> Watchers { get; } = [];

    public int Count => _items.Count;

    public StoredObject? Get(string key) => Find(_items, key);

    public static StoredObject? Find(ImmutableList<StoredObject> items, string key)
    {
        ArgumentNullException.ThrowIfNull(items);
        var index = LowerBound(items, key);
        return index < items.Count && string.Equals(items[index].Key, key, StringComparison.Ordinal) ? items[index] : null;
    }

    /// <summary>The index of the first item whose key is not less than <paramref name="key"/> (ordinal, like etcd).</summary>
    public static int LowerBound(ImmutableList<StoredObject> items, string key)
    {
        ArgumentNullException.ThrowIfNull(items);
        int lo = 0, hi = items.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (string.CompareOrdinal(items[mid].Key, key) < 0)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    internal void Upsert(StoredObject obj)
    {
        var items = _items;
        var index = LowerBound(items, obj.Key);
        _items = index < items.Count && string.Equals(items[index].Key, obj.Key, StringComparison.Ordinal)
            ? items.SetItem(index, obj)
            : items.Insert(index, obj);
    }

    internal void Remove(string key)
    {
        var items = _items;
        var index = LowerBound(items, key);
        if (index < items.Count && string.Equals(items[index].Key, key, StringComparison.Ordinal))
        {
            _items = items.RemoveAt(index);
        }
    }

    internal void Clear() => _items = ImmutableList<StoredObject>.Empty;
}
