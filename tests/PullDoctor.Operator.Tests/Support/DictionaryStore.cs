using System.Diagnostics.CodeAnalysis;
using PullDoctor.Operator.Informers;
using PullDoctor.Operator.Queues;

namespace PullDoctor.Operator.Tests.Support;

internal sealed class DictionaryStore<T> : IObjectStore<T>
{
    public Dictionary<ObjectKey, T> Items { get; } = [];

    public int Count => Items.Count;

    public bool TryGet(ObjectKey key, [MaybeNullWhen(false)] out T value) => Items.TryGetValue(key, out value);

    public IReadOnlyList<ObjectKey> Keys() => [.. Items.Keys];

    public IReadOnlyList<KeyValuePair<ObjectKey, T>> List() => [.. Items];
}
