namespace PullDoctor.Core.Remediation;

/// <summary>The kinds whose fixes differ: where the pod template lives, what may change, what re-creates pods.</summary>
public enum WorkloadKind
{
    /// <summary>A controller's object PullDoctor does not know (an Argo Rollout, a KubeVirt VM, an operator's CR).</summary>
    Custom,
    Pod,
    Deployment,
    StatefulSet,
    DaemonSet,
    ReplicaSet,
    Job,
    CronJob,
}

/// <summary>How each kind is recognised and what can be edited on it (Kubernetes 1.25+ semantics).</summary>
public static class WorkloadKinds
{
    /// <summary>The kind of an owner; built-in names count only in their own API group (or when the group is unknown).</summary>
    public static WorkloadKind Of(string kind, string? apiVersion) => (kind, apiVersion) switch
    {
        ("Pod", null or "v1") => WorkloadKind.Pod,
        ("Deployment", null or "apps/v1") => WorkloadKind.Deployment,
        ("StatefulSet", null or "apps/v1") => WorkloadKind.StatefulSet,
        ("DaemonSet", null or "apps/v1") => WorkloadKind.DaemonSet,
        ("ReplicaSet", null or "apps/v1") => WorkloadKind.ReplicaSet,
        ("Job", null or "batch/v1") => WorkloadKind.Job,
        ("CronJob", null or "batch/v1") => WorkloadKind.CronJob,
        _ => WorkloadKind.Custom,
    };

    /// <summary>
    /// The JSON path of the pod spec inside the object, for a strategic merge patch; null when the pod spec cannot
    /// be changed (a Pod's pull policy and pull secrets, a Job's template are immutable) or is not known.
    /// </summary>
    public static string[]? MutablePodSpecPath(WorkloadKind kind) => kind switch
    {
        WorkloadKind.Deployment or WorkloadKind.StatefulSet or WorkloadKind.DaemonSet or WorkloadKind.ReplicaSet => ["spec", "template", "spec"],
        WorkloadKind.CronJob => ["spec", "jobTemplate", "spec", "template", "spec"],
        _ => null,
    };

    /// <summary>
    /// Whether <c>kubectl set image</c> works on the kind: every pod template but a Job's (immutable), and a Pod's
    /// own containers' and init containers' images (the one part of a pod spec that may change).
    /// </summary>
    public static bool CanSetImage(WorkloadKind kind) => kind is not (WorkloadKind.Job or WorkloadKind.Custom);

    /// <summary>Whether deleting a stuck pod makes the owner create a new one (with the owner's current template).</summary>
    public static bool RecreatesPods(WorkloadKind kind) => kind is not WorkloadKind.Pod;
}
