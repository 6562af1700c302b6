namespace PullDoctor.Core.Classification;

/// <summary>An Event on the pod, as far as classification needs it.</summary>
/// <param name="Reason">The Event reason, e.g. <c>Failed</c>, <c>BackOff</c>, <c>FailedToRetrieveImagePullSecret</c>.</param>
/// <param name="Message">The Event message (core/v1 <c>message</c>, events.k8s.io/v1 <c>note</c>).</param>
/// <param name="LastSeen">When it was last seen; newer Events weigh more.</param>
public sealed record ObservedEvent(string Reason, string Message, DateTimeOffset? LastSeen = null)
{
    /// <summary>When it was first seen (a repeated Event keeps its first timestamp): when the failure began.</summary>
    public DateTimeOffset? FirstSeen { get; init; }
}
