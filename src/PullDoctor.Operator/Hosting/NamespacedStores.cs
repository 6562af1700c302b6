using System.Diagnostics.CodeAnalysis;
using PullDoctor.Operator.Informers;
using PullDoctor.Operator.Queues;

namespace PullDoctor.Operator.Hosting;

/// <summary>One view over the stores of several informers (one per watched namespace, or one for the cluster).</summary>
internal sealed class NamespacedStores<T>(IReadOnlyList<IInformer<T>> informers) : IObjectStore<T>
{
    public int Count => informers.Sum(i => i.Store.Count);

    public bool TryGet(ObjectKey key, [MaybeNullWhen(false)] out T value)
    {
        foreach (var informer in informers)
        {
            if (informer.Store.TryGet(key, out value))
            {
                return true;
            }
        }

        value = default;
        return false;
    }

    public IReadOnlyList<ObjectKey> Keys() => [.. informers.SelectMany(i => i.Store.Keys())];

    public IReadOnlyList<KeyValuePair<ObjectKey, T>> List() => [.. informers.SelectMany(i => i.Store.List())];
}
