using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using PullDoctor.Operator.Queues;

namespace PullDoctor.Operator.Informers;

/// <summary>
/// Thread-safe map of key to projection; only the informer's read loop writes to it. With an index function it also
/// keeps, per index value, the keys whose projection has it (client-go's Indexer), updated in the same write, so a
/// lookup by index never sees a different state than a lookup by key.
/// </summary>
internal sealed class ObjectStore<T>(Func<T, string?>? indexBy = null) : IObjectStore<T>
{
    private readonly ConcurrentDictionary<ObjectKey, T> _items = new();
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<ObjectKey, T>> _index = new(StringComparer.Ordinal);

    public int Count => _items.Count;

    public bool TryGet(ObjectKey key, [MaybeNullWhen(false)] out T value) => _items.TryGetValue(key, out value);

    public IReadOnlyList<ObjectKey> Keys() => [.. _items.Keys];

    public IReadOnlyList<KeyValuePair<ObjectKey, T>> List() => [.. _items];

    /// <summary>The projections whose index value is <paramref name="value"/> (empty without an index function).</summary>
    public IReadOnlyList<T> ByIndex(string value) =>
        _index.TryGetValue(value, out var bucket) ? [.. bucket.Values] : [];

    internal void Set(ObjectKey key, T value)
    {
        if (indexBy is not null)
        {
            if (_items.TryGetValue(key, out var old) && indexBy(old) is { } oldIndex && oldIndex != indexBy(value))
                RemoveFromIndex(oldIndex, key);
            if (indexBy(value) is { } index)
                _index.GetOrAdd(index, static _ => new ConcurrentDictionary<ObjectKey, T>())[key] = value;
        }

        _items[key] = value;
    }

    internal bool Remove(ObjectKey key, [MaybeNullWhen(false)] out T value)
    {
        if (!_items.TryRemove(key, out value))
            return false;
        if (indexBy?.Invoke(value) is { } index)
            RemoveFromIndex(index, key);
        return true;
    }

    private void RemoveFromIndex(string index, ObjectKey key)
    {
        if (!_index.TryGetValue(index, out var bucket))
            return;
        bucket.TryRemove(key, out _);

        // Single writer: nobody adds to this bucket between the check and the removal.
        if (bucket.IsEmpty)
            _index.TryRemove(KeyValuePair.Create(index, bucket));
    }
}
