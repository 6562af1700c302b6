using PullDoctor.Diagnosis;

namespace PullDoctor.Operator.Diagnosis;

/// <summary>
/// Which stuck pods belong to which workload (the top owner a person edits: the Deployment, not its ReplicaSet),
/// and since when each has failed: the workload's picture for its diagnoses ("12 pods of deployment/web stuck since
/// 02:14"). In memory, derived from the reconciles themselves: every stuck pod is reconciled (at start-up too), and a
/// pod that is no longer stuck, or gone, is forgotten by its next reconcile. No API request.
/// </summary>
internal sealed class StuckWorkloads
{
    private readonly Lock _gate = new();
    private readonly Dictionary<PodKey, Entry> _pods = [];

    /// <summary>Records the pod as stuck in its workload and returns the workload's picture, this pod included.</summary>
    /// <param name="pod">The pod's namespace and name.</param>
    /// <param name="kind">The workload's kind.</param>
    /// <param name="name">The workload's name.</param>
    /// <param name="firstFailure">When this pod first failed to pull.</param>
    public WorkloadPicture Note(PodKey pod, string kind, string name, DateTime firstFailure)
    {
        var workload = new WorkloadKey(pod.Namespace, kind, name);
        lock (_gate)
        {
            _pods[pod] = new Entry(workload, firstFailure);
            var count = 0;
            var since = firstFailure;
            foreach (var entry in _pods.Values)
            {
                if (entry.Workload == workload)
                {
                    count++;
                    since = entry.FirstFailure < since ? entry.FirstFailure : since;
                }
            }

            return new WorkloadPicture(count, since);
        }
    }

    /// <summary>Forgets a pod that is no longer stuck, or gone.</summary>
    public void Forget(PodKey pod)
    {
        lock (_gate)
        {
            _pods.Remove(pod);
        }
    }

    /// <summary>How many pods are kept (for tests and metrics).</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _pods.Count;
            }
        }
    }

    private readonly record struct Entry(WorkloadKey Workload, DateTime FirstFailure);

    private readonly record struct WorkloadKey(string Namespace, string Kind, string Name);
}

/// <summary>A pod by namespace and name.</summary>
internal readonly record struct PodKey(string Namespace, string Name);

/// <summary>How many pods of a workload are stuck pulling, and since when the first of them has failed.</summary>
internal readonly record struct WorkloadPicture(int StuckPods, DateTime StuckSince);
