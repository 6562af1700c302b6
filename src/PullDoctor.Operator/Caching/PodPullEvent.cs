using PullDoctor.Core.Classification;
using PullDoctor.Diagnosis;

namespace PullDoctor.Operator.Caching;

/// <summary>
/// The slim projection of one kubelet Event about a pod's image pull (see <see cref="PullEvents"/>): which pod, and
/// what <see cref="Diagnosis.IClusterReader.ListPodEventsAsync"/> returns of it.
/// </summary>
/// <param name="Namespace">The Event's (and the pod's) namespace.</param>
/// <param name="PodName">involvedObject.name.</param>
/// <param name="PodUid">involvedObject.uid: the index, so an Event of an earlier pod with the same name is not evidence.</param>
/// <param name="Reason">The Event reason, e.g. Failed.</param>
/// <param name="Message">The kubelet's message (truncated like the pod's waiting messages).</param>
/// <param name="LastSeen">When the kubelet last reported it.</param>
/// <param name="FirstSeen">When it first did (a repeated Event keeps it).</param>
internal sealed record PodPullEvent(string Namespace, string PodName, string PodUid, string Reason, string Message, DateTimeOffset? LastSeen, DateTimeOffset? FirstSeen)
{
    public ObservedEvent ToObserved() => new(Reason, Message, LastSeen) { FirstSeen = FirstSeen };
}
