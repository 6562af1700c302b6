using PullDoctor.Diagnosis;
using PullDoctor.Operator.Crds;
using PullDoctor.Operator.Informers;
using PullDoctor.Operator.Queues;
using PullDoctor.Operator.Reconciliation;

namespace PullDoctor.Operator.Caching;

/// <summary>
/// An <see cref="IDiagnosisClient"/> that reads from the diagnosis informers (controller-runtime's cache-backed
/// client) and writes through to <paramref name="inner"/>. What a write returns is remembered
/// (<see cref="DiagnosisMutations"/>), so the next read sees it even before the watch delivers it. Reads are deep
/// copies. A stale read can only cost a 409 Conflict (the reconcile is retried with back-off) or an AlreadyExists (answered by one live read), never a
/// duplicate Event: every announcement follows a write that carries the read's resourceVersion.
/// </summary>
internal sealed class CachingDiagnosisClient(IDiagnosisClient inner, IObjectStore<CachedDiagnosis> store, DiagnosisMutations mutations) : IDiagnosisClient
{
    public Task<ImagePullDiagnosis?> GetAsync(string namespaceName, string name, CancellationToken cancellationToken)
    {
        var key = new ObjectKey(namespaceName, name);
        var cached = store.TryGet(key, out var held) ? held : null;
        return Task.FromResult(mutations.Resolve(key, cached)?.Read());
    }

    public async Task<ImagePullDiagnosis> CreateAsync(ImagePullDiagnosis diagnosis, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(diagnosis);
        try
        {
            return Remember(await inner.CreateAsync(diagnosis, cancellationToken));
        }
        catch (Exception ex) when (Kube.KubeErrors.IsAlreadyExists(ex))
        {
            // The cache has not seen it (a previous leader created it a moment ago, or it lacks our label and so is
            // not watched): one live read, remembered, so the caller's next read converges from it instead of failing
            // until the watch delivers, which for an unlabelled object it never would.
            if (await inner.GetAsync(diagnosis.Metadata.NamespaceProperty ?? string.Empty, diagnosis.Metadata.Name, cancellationToken) is { } existing)
                Remember(existing);
            throw;
        }
    }

    public async Task<ImagePullDiagnosis> ReplaceStatusAsync(ImagePullDiagnosis diagnosis, CancellationToken cancellationToken) =>
        Remember(await inner.ReplaceStatusAsync(diagnosis, cancellationToken));

    public async Task<ImagePullDiagnosis> PatchLabelsAsync(string namespaceName, string name, IReadOnlyDictionary<string, string> labels, CancellationToken cancellationToken) =>
        Remember(await inner.PatchLabelsAsync(namespaceName, name, labels, cancellationToken));

    public async Task DeleteAsync(string namespaceName, string name, string uid, CancellationToken cancellationToken)
    {
        await inner.DeleteAsync(namespaceName, name, uid, cancellationToken);
        mutations.Deleted(new ObjectKey(namespaceName, name), uid);
    }

    /// <summary>A live list (the informers hold the same objects; nothing in the operator lists any more).</summary>
    public Task<IReadOnlyList<ImagePullDiagnosis>> ListAsync(string? namespaceName, CancellationToken cancellationToken) =>
        inner.ListAsync(namespaceName, cancellationToken);

    private ImagePullDiagnosis Remember(ImagePullDiagnosis written)
    {
        // Serialized now: the caller goes on to change the object it got back (it sets Status before the next write).
        mutations.Wrote(new ObjectKey(written.Metadata.NamespaceProperty, written.Metadata.Name), CachedDiagnosis.Of(written));
        return written;
    }
}
