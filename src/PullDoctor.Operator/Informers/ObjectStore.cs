using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using PullDoctor.Operator.Queues;

namespace PullDoctor.Operator.Informers;

/// <summary>Thread-safe map of key to projection; only the informer's read loop writes to it.</summary>
internal sealed class ObjectStore<T> : IObjectStore<T>
{
    private readonly ConcurrentDictionary<ObjectKey, T> _items = new();

    public int Count => _items.Count;

    public bool TryGet(ObjectKey key, [MaybeNullWhen(false)] out T value) => _items.TryGetValue(key, out value);

    public IReadOnlyList<ObjectKey> Keys() => [.. _items.Keys];

    public IReadOnlyList<KeyValuePair<ObjectKey, T>> List() => [.. _items];

    internal void Set(ObjectKey key, T value) => _items[key] = value;

    internal bool Remove(ObjectKey key, [MaybeNullWhen(false)] out T value) => _items.TryRemove(key, out value);
}
