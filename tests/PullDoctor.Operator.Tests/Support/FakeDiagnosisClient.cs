using k8s;
using PullDoctor.Operator.Crds;
using PullDoctor.Operator.Reconciliation;

namespace PullDoctor.Operator.Tests.Support;

/// <summary>An in-memory diagnosis API with resourceVersions and conflicts, counting writes.</summary>
internal sealed class FakeDiagnosisClient : IDiagnosisClient
{
    private long _version = 100;

    public Dictionary<string, ImagePullDiagnosis> Objects { get; } = [];

    public List<string> Writes { get; } = [];

    public Task<ImagePullDiagnosis?> GetAsync(string namespaceName, string name, CancellationToken cancellationToken) =>
        Task.FromResult(Objects.TryGetValue(name, out var d) ? Copy(d) : null);

    public Task<ImagePullDiagnosis> CreateAsync(ImagePullDiagnosis diagnosis, CancellationToken cancellationToken)
    {
        Writes.Add("create");
        var stored = Copy(diagnosis);
        stored.Status = null;
        stored.Metadata.Uid = "ipd-" + Guid.NewGuid().ToString("N");
        stored.Metadata.Generation = 1;
        stored.Metadata.ResourceVersion = (++_version).ToString(System.Globalization.CultureInfo.InvariantCulture);
        Objects[stored.Metadata.Name] = stored;
        return Task.FromResult(Copy(stored));
    }

    public Task<ImagePullDiagnosis> ReplaceStatusAsync(ImagePullDiagnosis diagnosis, CancellationToken cancellationToken)
    {
        Writes.Add("status");
        var stored = Objects[diagnosis.Metadata.Name];
        if (stored.Metadata.ResourceVersion != diagnosis.Metadata.ResourceVersion)
        {
            throw new InvalidOperationException("409 conflict");
        }

        stored.Status = Copy(diagnosis).Status;
        stored.Metadata.ResourceVersion = (++_version).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Task.FromResult(Copy(stored));
    }

    public Task<ImagePullDiagnosis> PatchLabelsAsync(string namespaceName, string name, IReadOnlyDictionary<string, string> labels, CancellationToken cancellationToken)
    {
        Writes.Add("metadata");
        var stored = Objects[name];
        stored.Metadata.Labels ??= new Dictionary<string, string>();
        foreach (var (k, v) in labels)
        {
            stored.Metadata.Labels[k] = v;
        }

        stored.Metadata.ResourceVersion = (++_version).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Task.FromResult(Copy(stored));
    }

    public Task DeleteAsync(string namespaceName, string name, string uid, CancellationToken cancellationToken)
    {
        Writes.Add("delete");
        if (Objects.TryGetValue(name, out var d) && d.Metadata.Uid == uid)
        {
            Objects.Remove(name);
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<ImagePullDiagnosis>> ListAsync(string? namespaceName, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ImagePullDiagnosis>>(Objects.Values.Select(Copy).ToArray());

    private static ImagePullDiagnosis Copy(ImagePullDiagnosis d) => KubernetesJson.Deserialize<ImagePullDiagnosis>(KubernetesJson.Serialize(d));
}
