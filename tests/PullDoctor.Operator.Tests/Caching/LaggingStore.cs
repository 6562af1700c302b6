using System.Diagnostics.CodeAnalysis;
using PullDoctor.Diagnosis;
using PullDoctor.Operator.Caching;
using PullDoctor.Operator.Informers;
using PullDoctor.Operator.Queues;

namespace PullDoctor.Operator.Tests.Caching;

/// <summary>An informer store the test moves by hand: it holds what the watch has delivered so far, not what the server has.</summary>
internal sealed class LaggingStore : IObjectStore<CachedDiagnosis>
{
    private readonly Dictionary<ObjectKey, CachedDiagnosis> _items = [];

    public int Count => _items.Count;

    public void Deliver(PullDoctor.Operator.Crds.ImagePullDiagnosis diagnosis) =>
        _items[new ObjectKey(diagnosis.Metadata.NamespaceProperty, diagnosis.Metadata.Name)] = CachedDiagnosis.Of(diagnosis);

    public void Drop(string ns, string name) => _items.Remove(new ObjectKey(ns, name));

    public bool TryGet(ObjectKey key, [MaybeNullWhen(false)] out CachedDiagnosis value) => _items.TryGetValue(key, out value);

    public IReadOnlyList<ObjectKey> Keys() => [.. _items.Keys];

    public IReadOnlyList<KeyValuePair<ObjectKey, CachedDiagnosis>> List() => [.. _items];
}
