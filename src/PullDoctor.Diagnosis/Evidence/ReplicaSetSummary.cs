namespace PullDoctor.Diagnosis;

/// <summary>What the rollout picture needs of a ReplicaSet: its controlling owner, its revision and its ready pods.</summary>
/// <param name="Name">The ReplicaSet's name.</param>
/// <param name="ControllerUid">The uid of its controlling owner (the Deployment), if any.</param>
/// <param name="Revision">Its <c>deployment.kubernetes.io/revision</c>, when it parses.</param>
/// <param name="ReadyReplicas">status.readyReplicas.</param>
public sealed record ReplicaSetSummary(string Name, string? ControllerUid, long? Revision, int ReadyReplicas);
