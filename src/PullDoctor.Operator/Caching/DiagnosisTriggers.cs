using PullDoctor.Diagnosis;
using PullDoctor.Operator.Crds;
using PullDoctor.Operator.Diagnosis;
using PullDoctor.Operator.Informers;
using PullDoctor.Operator.Queues;

namespace PullDoctor.Operator.Caching;

/// <summary>
/// When a change of a diagnosis (or of a pod's pull Events) needs its pod reconciled, as controller-runtime's
/// <c>Owns()</c> and <c>Watches()</c> map an owned object to its owner's key. The pod informer already queues every
/// stuck pod, so only what it cannot see is queued here: a Failing diagnosis whose pod is not stuck (it recovered,
/// perhaps while no replica ran: the initial list replaces a start-up sweep), a diagnosis deleted while its pod is
/// stuck (recreate it), and new evidence in a stuck pod's Events (a message the last reconcile may not have seen).
/// Our own writes of a stuck pod's diagnosis queue nothing; a kubelet retry that only counts an Event up neither.
/// </summary>
internal sealed class DiagnosisTriggers(IObjectStore<PodSnapshot> stuckPods, IWorkQueue<ObjectKey> queue, DiagnosisMutations mutations)
{
    public void OnDiagnosis(InformerEvent<CachedDiagnosis> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        var stuck = stuckPods.TryGet(change.Key, out _);
        if (change.Type == InformerEventType.Deleted)
        {
            mutations.InformerDeleted(change.Key, change.Object);
            if (stuck)
                queue.Add(change.Key);
            return;
        }

        if (change.Object.Phase == DiagnosisPhase.Failing && !stuck)
            queue.Add(change.Key);
    }

    public void OnPullEvent(InformerEvent<PodPullEvent> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (change.Type == InformerEventType.Deleted
            || (change.OldObject is { } old && old.Message == change.Object.Message && old.Reason == change.Object.Reason))
        {
            return;
        }

        var pod = new ObjectKey(change.Object.Namespace, change.Object.PodName);
        if (stuckPods.TryGet(pod, out var snapshot) && snapshot.Uid == change.Object.PodUid)
            queue.Add(pod);
    }
}
