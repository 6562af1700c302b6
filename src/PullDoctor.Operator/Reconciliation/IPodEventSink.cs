using PullDoctor.Operator.Diagnosis;

namespace PullDoctor.Operator.Reconciliation;

/// <summary>Posts an Event on a pod. Never throws: an Event is a courtesy, never a reason to fail a reconcile.</summary>
public interface IPodEventSink
{
    /// <param name="pod">The pod the Event is about.</param>
    /// <param name="type">Normal or Warning.</param>
    /// <param name="reason">The cause code, or ImagePullRecovered.</param>
    /// <param name="note">One line a person reads in <c>kubectl describe pod</c> (at most 1 KiB).</param>
    void Post(PodIdentity pod, string type, string reason, string note);
}
