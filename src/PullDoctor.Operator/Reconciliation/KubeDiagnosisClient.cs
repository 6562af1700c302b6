using k8s;
using k8s.Models;
using PullDoctor.Operator.Crds;
using PullDoctor.Operator.Kube;

namespace PullDoctor.Operator.Reconciliation;

/// <summary><see cref="IDiagnosisClient"/> over KubernetesClient's CustomObjects API.</summary>
internal sealed class KubeDiagnosisClient(IKubernetes client) : IDiagnosisClient
{
    public const string FieldManager = "pulldoctor";

    private const string G = ImagePullDiagnosis.GroupName;
    private const string V = ImagePullDiagnosis.Version;
    private const string P = ImagePullDiagnosis.Plural;

    public async Task<ImagePullDiagnosis?> GetAsync(string namespaceName, string name, CancellationToken cancellationToken)
    {
        try
        {
            return await client.CustomObjects.GetNamespacedCustomObjectAsync<ImagePullDiagnosis>(G, V, namespaceName, P, name, cancellationToken);
        }
        catch (Exception ex) when (KubeErrors.IsNotFound(ex))
        {
            return null;
        }
    }

    public Task<ImagePullDiagnosis> CreateAsync(ImagePullDiagnosis diagnosis, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(diagnosis);
        return client.CustomObjects.CreateNamespacedCustomObjectAsync<ImagePullDiagnosis>(
            diagnosis, G, V, diagnosis.Metadata.NamespaceProperty, P, fieldManager: FieldManager, cancellationToken: cancellationToken);
    }

    public Task<ImagePullDiagnosis> ReplaceStatusAsync(ImagePullDiagnosis diagnosis, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(diagnosis);
        return client.CustomObjects.ReplaceNamespacedCustomObjectStatusAsync<ImagePullDiagnosis>(
            diagnosis, G, V, diagnosis.Metadata.NamespaceProperty, P, diagnosis.Metadata.Name, fieldManager: FieldManager, cancellationToken: cancellationToken);
    }

    public async Task<ImagePullDiagnosis> PatchLabelsAsync(string namespaceName, string name, IReadOnlyDictionary<string, string> labels, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var body = new Dictionary<string, object> { ["metadata"] = new Dictionary<string, object> { ["labels"] = labels } };
        return await client.CustomObjects.PatchNamespacedCustomObjectAsync<ImagePullDiagnosis>(
            new V1Patch(body, V1Patch.PatchType.MergePatch), G, V, namespaceName, P, name, fieldManager: FieldManager, cancellationToken: cancellationToken);
    }

    public async Task DeleteAsync(string namespaceName, string name, string uid, CancellationToken cancellationToken)
    {
        try
        {
            await client.CustomObjects.DeleteNamespacedCustomObjectAsync(
                G, V, namespaceName, P, name, new V1DeleteOptions { Preconditions = new V1Preconditions { Uid = uid } }, cancellationToken: cancellationToken);
        }
        catch (Exception ex) when (KubeErrors.IsNotFound(ex) || KubeErrors.IsConflict(ex))
        {
            // Already gone, or already replaced by a newer object: nothing to do.
        }
    }

    public async Task<IReadOnlyList<ImagePullDiagnosis>> ListAsync(string? namespaceName, CancellationToken cancellationToken)
    {
        var selector = $"{ImagePullDiagnosis.ManagedByLabel}={ImagePullDiagnosis.ManagedByValue}";
        var items = new List<ImagePullDiagnosis>();
        string? next = null;
        do
        {
            var page = string.IsNullOrEmpty(namespaceName)
                ? await client.CustomObjects.ListClusterCustomObjectAsync<ImagePullDiagnosisList>(G, V, P, continueParameter: next, labelSelector: selector, limit: 500, cancellationToken: cancellationToken)
                : await client.CustomObjects.ListNamespacedCustomObjectAsync<ImagePullDiagnosisList>(G, V, namespaceName, P, continueParameter: next, labelSelector: selector, limit: 500, cancellationToken: cancellationToken);
            items.AddRange(page.Items);
            next = page.Metadata?.ContinueProperty;
        }
        while (!string.IsNullOrEmpty(next));

        return items;
    }
}
