using System.Collections.Frozen;

namespace PullDoctor.Core.Classification;

/// <summary>
/// The reasons of the kubelet's Events about a pod's images (pkg/kubelet/events/event.go), beside the waiting reasons
/// of <see cref="ImagePullWaitingReasons"/>: the one list the operator's analysis and explain's timeline read.
/// </summary>
public static class ImagePullEventReasons
{
    /// <summary>"Failed to pull image …" (and, reused, "Error: ErrImagePull").</summary>
    public const string Failed = "Failed";

    public const string InspectFailed = "InspectFailed";
    public const string ErrImageNeverPull = "ErrImageNeverPull";
    public const string FailedToRetrieveImagePullSecret = "FailedToRetrieveImagePullSecret";

    /// <summary>The pod sandbox could not be created, e.g. its (pause) image could not be pulled.</summary>
    public const string FailedCreatePodSandBox = "FailedCreatePodSandBox";

    /// <summary>"Back-off pulling image …": only repeats the failure, never carries news.</summary>
    public const string BackOff = "BackOff";

    public const string Pulled = "Pulled";
    public const string Created = "Created";
    public const string Started = "Started";

    /// <summary>An attempt to get an image failed (the BackOff Event only repeats one).</summary>
    public static FrozenSet<string> AttemptFailures { get; } =
        new[] { Failed, InspectFailed, ErrImageNeverPull, FailedCreatePodSandBox }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Every Event that records a failed pull, a pull secret the kubelet could not retrieve included.</summary>
    public static FrozenSet<string> Failures { get; } =
        AttemptFailures.Append(FailedToRetrieveImagePullSecret).ToFrozenSet(StringComparer.Ordinal);

    /// <summary>The kubelet's Normal Events once an image is on the node: pulled (or present), created, started.</summary>
    public static FrozenSet<string> Recoveries { get; } = new[] { Pulled, Created, Started }.ToFrozenSet(StringComparer.Ordinal);
}
