using k8s.Models;
using PullDoctor.Core.Classification;
using PullDoctor.Diagnosis;
using PullDoctor.Operator.Kube;

namespace PullDoctor.Operator.Diagnosis;

/// <summary>
/// For <c>pulldoctor diagnose pod</c> with a person's own credentials: reads they are not allowed to make
/// (403 on secrets, nodes, service accounts, owners) count as unknown, not as failures, so the analysis still
/// runs on what they can see. Pods and Events must be readable.
/// </summary>
public sealed class TolerantClusterReader(IClusterReader inner) : IClusterReader
{
    public Task<IReadOnlyList<ObservedEvent>> ListPodEventsAsync(string namespaceName, string podUid, CancellationToken cancellationToken) =>
        inner.ListPodEventsAsync(namespaceName, podUid, cancellationToken);

    public Task<V1Pod?> GetPodAsync(string namespaceName, string name, CancellationToken cancellationToken) =>
        inner.GetPodAsync(namespaceName, name, cancellationToken);

    public Task<IReadOnlyList<string>?> GetServiceAccountPullSecretsAsync(string namespaceName, string name, CancellationToken cancellationToken) =>
        Forbidden(() => inner.GetServiceAccountPullSecretsAsync(namespaceName, name, cancellationToken));

    public Task<SecretContent?> GetSecretAsync(string namespaceName, string name, CancellationToken cancellationToken) =>
        Forbidden(() => inner.GetSecretAsync(namespaceName, name, cancellationToken), Unreadable);

    public Task<IReadOnlyDictionary<string, string>?> GetNodeLabelsAsync(string name, CancellationToken cancellationToken) =>
        Forbidden(() => inner.GetNodeLabelsAsync(name, cancellationToken));

    public async Task<IReadOnlyList<ReplicaSetSummary>> ListReplicaSetsAsync(string namespaceName, CancellationToken cancellationToken) =>
        await Forbidden<IReadOnlyList<ReplicaSetSummary>>(async () => await inner.ListReplicaSetsAsync(namespaceName, cancellationToken)) ?? [];

    public Task<IReadOnlyList<PodOwner>?> GetOwnersOfAsync(string namespaceName, string kind, string name, CancellationToken cancellationToken) =>
        Forbidden(() => inner.GetOwnersOfAsync(namespaceName, kind, name, cancellationToken));

    /// <summary>A secret we may not read is reported as of an unknown type, so it shows as Invalid with the reason.</summary>
    private static readonly SecretContent Unreadable = new("(not readable with your credentials)", null);

    private static async Task<T?> Forbidden<T>(Func<Task<T?>> read, T? whenForbidden = null)
        where T : class
    {
        try
        {
            return await read();
        }
        catch (Exception ex) when (KubeErrors.IsForbidden(ex))
        {
            return whenForbidden;
        }
    }
}
