using System.Diagnostics.CodeAnalysis;
using PullDoctor.Operator.Queues;

namespace PullDoctor.Operator.Informers;

/// <summary>Read side of an informer's store: the latest kept projection per key.</summary>
internal interface IObjectStore<T>
{
    int Count { get; }

    bool TryGet(ObjectKey key, [MaybeNullWhen(false)] out T value);

    /// <summary>A point-in-time copy of the keys.</summary>
    IReadOnlyList<ObjectKey> Keys();

    /// <summary>A point-in-time copy of the entries.</summary>
    IReadOnlyList<KeyValuePair<ObjectKey, T>> List();
}
