using PullDoctor.Core.Classification;

namespace PullDoctor.Diagnosis;

/// <summary>
/// The reads a diagnosis makes about a pod, in plain values (the port the Operator implements with KubernetesClient and
/// tests implement in memory). Every method returns null for an object that does not exist (404) and throws for
/// anything else, so a failed read fails the reconcile and is retried with back-off.
/// </summary>
public interface IPodEvidenceSource
{
    /// <summary>The pod's Events (involvedObject.uid), PullDoctor's own excluded.</summary>
    Task<IReadOnlyList<ObservedEvent>> ListPodEventsAsync(string namespaceName, string podUid, CancellationToken cancellationToken);

    /// <summary>The names in the service account's <c>imagePullSecrets</c>; null when the service account does not exist.</summary>
    Task<IReadOnlyList<string>?> GetServiceAccountPullSecretsAsync(string namespaceName, string name, CancellationToken cancellationToken);

    /// <summary>The secret's type and data; null when it does not exist.</summary>
    Task<SecretContent?> GetSecretAsync(string namespaceName, string name, CancellationToken cancellationToken);

    /// <summary>The node's labels; null when the node does not exist.</summary>
    Task<IReadOnlyDictionary<string, string>?> GetNodeLabelsAsync(string name, CancellationToken cancellationToken);

    /// <summary>The ReplicaSets of a namespace (one bounded page), for the rollout picture of a Deployment whose newest ReplicaSet is stuck.</summary>
    Task<IReadOnlyList<ReplicaSetSummary>> ListReplicaSetsAsync(string namespaceName, CancellationToken cancellationToken);

    /// <summary>The owner references of a ReplicaSet or Job (the kinds whose owner the walk follows); null when gone.</summary>
    Task<IReadOnlyList<PodOwner>?> GetOwnersOfAsync(string namespaceName, string kind, string name, CancellationToken cancellationToken);
}
