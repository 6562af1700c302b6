namespace PullDoctor.Core.Classification;

/// <summary>Everything seen about one container's failed pull.</summary>
public sealed record PullEvidence
{
    /// <summary>The image as written in the pod spec.</summary>
    public string? Image { get; init; }

    /// <summary>The kubelet's <c>state.waiting.reason</c>, e.g. <c>ImagePullBackOff</c>.</summary>
    public string? WaitingReason { get; init; }

    /// <summary>The kubelet's <c>state.waiting.message</c>.</summary>
    public string? WaitingMessage { get; init; }

    /// <summary>The pod's Events, in any order.</summary>
    public IReadOnlyList<ObservedEvent> Events { get; init; } = [];
}
