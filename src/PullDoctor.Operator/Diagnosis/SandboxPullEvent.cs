using PullDoctor.Diagnosis;

namespace PullDoctor.Operator.Diagnosis;

/// <summary>
/// The slim projection of a <c>FailedCreatePodSandBox</c> Event whose message is a failed pull of the sandbox
/// (pause) image: which pod it is about and what the runtime said.
/// </summary>
/// <param name="Namespace">The pod's (and the Event's) namespace.</param>
/// <param name="PodName">involvedObject.name.</param>
/// <param name="PodUid">involvedObject.uid; an Event of an earlier pod with the same name is not evidence.</param>
/// <param name="Message">The kubelet's message (truncated).</param>
/// <param name="LastSeen">When the kubelet last reported it.</param>
internal sealed record SandboxPullEvent(string Namespace, string PodName, string? PodUid, string Message, DateTimeOffset? LastSeen)
{
    /// <summary>When the kubelet first reported it (a repeated Event keeps it): when the failure began.</summary>
    public DateTimeOffset? FirstSeen { get; init; }
}
