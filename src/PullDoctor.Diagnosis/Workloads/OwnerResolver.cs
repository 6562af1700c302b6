using PullDoctor.Core.Kubernetes;
using PullDoctor.Core.Remediation;

namespace PullDoctor.Diagnosis;

/// <summary>
/// Walks owner references to the object a person edits: Pod → ReplicaSet → Deployment, Pod → Job → CronJob,
/// StatefulSet and DaemonSet directly. Only ReplicaSets and Jobs are read (their owners never change, so the
/// answer is cached); any other owner kind is taken as the top, as a custom controller's object is.
/// </summary>
public sealed class OwnerResolver(IPodEvidenceSource reader, TimeProvider time)
{
    private readonly ExpiringCache<(string Namespace, string Kind, string Name), IReadOnlyList<PodOwner>?> _owners = new(time, TimeSpan.FromMinutes(10));

    // Ready counts change: the rollout picture is read again after this long, once per namespace, not per pod.
    private readonly ExpiringCache<string, IReadOnlyList<ReplicaSetSummary>> _replicaSets = new(time, TimeSpan.FromSeconds(30));

    public async Task<WorkloadReference> ResolveAsync(PodSnapshot pod, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pod);
        var current = pod.Controller;

        // An owner reference whose kind or name is not valid names no object a controller could own the pod from
        // (the API server does not check these names): the pod is effectively bare, and the name is never read.
        if (current is null || !IsValid(current))
        {
            return new WorkloadReference("Pod", pod.Name) { ApiVersion = "v1" };
        }

        // Two hops at most (ReplicaSet→Deployment, Job→CronJob); the bound guards against odd chains.
        string? via = null;
        for (var hop = 0; hop < 4 && current.Kind is "ReplicaSet" or "Job" && IsBuiltIn(current); hop++)
        {
            var owners = await _owners.GetOrAddAsync(
                (pod.Namespace, current.Kind, current.Name),
                (key, ct) => reader.GetOwnersOfAsync(key.Namespace, key.Kind, key.Name, ct),
                cancellationToken);
            var next = owners?.FirstOrDefault(o => o.IsController);
            if (next is null || !IsValid(next))
            {
                break;
            }

            via = current.Name;
            current = next;
        }

        var workload = new WorkloadReference(current.Kind, current.Name) { ApiVersion = current.ApiVersion, Via = via };
        return current is { Kind: "Deployment", ApiVersion: "apps/v1", Uid: { } uid } && via is not null
            ? await WithRolloutAsync(pod.Namespace, workload, via, uid, cancellationToken)
            : workload;
    }

    /// <summary>
    /// The Deployment's picture: when the pod's ReplicaSet is its newest and an older one still has ready pods, the
    /// rollout is stuck and can be undone. One namespaced list of ReplicaSets, cached; never a cluster-wide read.
    /// </summary>
    private async Task<WorkloadReference> WithRolloutAsync(string ns, WorkloadReference workload, string via, string deploymentUid, CancellationToken cancellationToken)
    {
        var all = await _replicaSets.GetOrAddAsync(ns, (key, ct) => reader.ListReplicaSetsAsync(key, ct), cancellationToken);
        var mine = all.FirstOrDefault(rs => rs.Name == via && rs.ControllerUid == deploymentUid);
        if (mine?.Revision is not { } revision)
        {
            return workload;
        }

        var siblings = all.Where(rs => rs.ControllerUid == deploymentUid && rs.Name != via).ToList();
        if (siblings.Any(rs => rs.Revision > revision))
        {
            // Not the newest: a later rollout exists already, undo would not return to what runs.
            return workload;
        }

        var running = siblings.Where(rs => rs.ReadyReplicas > 0 && rs.Revision < revision).MaxBy(rs => rs.Revision);
        return running is null ? workload : workload with { RunningReplicaSet = running.Name, RunningReadyPods = running.ReadyReplicas };
    }

    private static bool IsValid(PodOwner owner) => ObjectNames.IsKind(owner.Kind) && ObjectNames.IsDnsSubdomain(owner.Name);

    private static bool IsBuiltIn(PodOwner owner) => owner.ApiVersion is "apps/v1" or "batch/v1";
}
