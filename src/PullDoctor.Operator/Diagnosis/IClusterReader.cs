using k8s.Models;
using PullDoctor.Core.Classification;

namespace PullDoctor.Operator.Diagnosis;

/// <summary>
/// The reads a diagnosis makes. Every method returns null for an object that does not exist (404) and
/// throws for anything else, so a failed read fails the reconcile and is retried with back-off.
/// </summary>
public interface IClusterReader
{
    /// <summary>The pod's Events (field selector involvedObject.uid), PullDoctor's own excluded.</summary>
    Task<IReadOnlyList<ObservedEvent>> ListPodEventsAsync(string namespaceName, string podUid, CancellationToken cancellationToken);

    Task<V1Pod?> GetPodAsync(string namespaceName, string name, CancellationToken cancellationToken);

    Task<V1ServiceAccount?> GetServiceAccountAsync(string namespaceName, string name, CancellationToken cancellationToken);

    Task<V1Secret?> GetSecretAsync(string namespaceName, string name, CancellationToken cancellationToken);

    Task<V1Node?> GetNodeAsync(string name, CancellationToken cancellationToken);

    /// <summary>
    /// The ReplicaSets of a namespace (one page of at most <see cref="KubeClusterReader.ReplicaSetPage"/>), for the rollout
    /// picture of a Deployment whose newest ReplicaSet is stuck.
    /// </summary>
    Task<IReadOnlyList<ReplicaSetSummary>> ListReplicaSetsAsync(string namespaceName, CancellationToken cancellationToken);

    /// <summary>The owner references of a ReplicaSet or Job (the kinds whose owner the walk follows); null when gone.</summary>
    Task<IReadOnlyList<PodOwner>?> GetOwnersOfAsync(string namespaceName, string kind, string name, CancellationToken cancellationToken);
}
