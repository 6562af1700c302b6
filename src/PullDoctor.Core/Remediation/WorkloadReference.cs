namespace PullDoctor.Core.Remediation;

/// <summary>The object a user edits to fix a pod, e.g. Deployment <c>web</c>.</summary>
/// <param name="Kind">The owner's kind as its ownerReference names it (<c>Deployment</c>, <c>Rollout</c>, …).</param>
/// <param name="Name">The owner's name.</param>
public sealed record WorkloadReference(string Kind, string Name)
{
    /// <summary>The owner's apiVersion (<c>apps/v1</c>); null when unknown, then the kind's name decides.</summary>
    public string? ApiVersion { get; init; }

    /// <summary>
    /// The object between the pod and the workload, when there is one: the Deployment's ReplicaSet, or the Job a
    /// CronJob created (a stuck Job must be deleted for a fixed CronJob to run again).
    /// </summary>
    public string? Via { get; init; }

    /// <summary>
    /// For a Deployment whose newest ReplicaSet (<see cref="Via"/>) is stuck: an older ReplicaSet of it that still has
    /// ready pods, so <c>kubectl rollout undo</c> returns to what runs.
    /// </summary>
    public string? RunningReplicaSet { get; init; }

    /// <summary>The ready pods of <see cref="RunningReplicaSet"/>.</summary>
    public int? RunningReadyPods { get; init; }

    /// <summary>What PullDoctor knows of the kind: a built-in with a pod template, a bare pod, or another controller's.</summary>
    public WorkloadKind WorkloadKind => WorkloadKinds.Of(Kind, ApiVersion);

    /// <summary>The form kubectl takes, e.g. <c>deployment/web</c>.</summary>
    public string KubectlName => $"{Kind.ToLowerInvariant()}/{Name}";
}
