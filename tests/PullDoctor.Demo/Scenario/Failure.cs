using PullDoctor.RegistryFixtures.Kubelet;
namespace PullDoctor.Demo.Scenario;

/// <summary>An Event the kubelet posts about a pod's pull.</summary>
/// <param name="Count">How often the kubelet has posted it (the Event is aggregated).</param>
/// <param name="PodLevel">True for Events about the whole pod (no container field path), as FailedToRetrieveImagePullSecret is.</param>
internal sealed record KubeletEvent(string Type, string Reason, string Message, int Count, bool PodLevel = false);

/// <summary>How one container fails: its waiting state and the kubelet's Events, in the order the kubelet posts them.</summary>
internal sealed record Failure(string WaitingReason, string WaitingMessage, IReadOnlyList<KubeletEvent> Events)
{
    /// <summary>A failed pull: ErrImagePull right after an attempt, ImagePullBackOff between attempts.</summary>
    public static Failure Pull(string image, string failed, bool backingOff, IReadOnlyList<KubeletEvent>? before = null) => new(
        backingOff ? "ImagePullBackOff" : "ErrImagePull",
        backingOff ? KubeletPullMessages.BackOffWaiting(image, failed) : failed,
        [
            .. before ?? [],
            new KubeletEvent("Normal", "Pulling", KubeletPullMessages.Pulling(image), 4),
            new KubeletEvent("Warning", "Failed", failed, 4),
            new KubeletEvent("Warning", "Failed", "Error: ErrImagePull", 4),
            new KubeletEvent("Normal", "BackOff", KubeletPullMessages.BackOff(image), 6),
            new KubeletEvent("Warning", "Failed", "Error: ImagePullBackOff", 6),
        ]);

    /// <summary>A reference the kubelet cannot parse: it never pulls, it reports InspectFailed.</summary>
    public static Failure InvalidName(string image) => new(
        "InvalidImageName",
        KubeletPullMessages.InvalidName(image),
        [
            new KubeletEvent("Warning", "InspectFailed", KubeletPullMessages.InvalidName(image), 8),
            new KubeletEvent("Warning", "Failed", "Error: InvalidImageName", 8),
        ]);

    /// <summary>imagePullPolicy: Never and the image is not on the node.</summary>
    public static Failure NeverPull(string image) => new(
        "ErrImageNeverPull",
        KubeletPullMessages.NeverPull(image),
        [
            new KubeletEvent("Warning", "ErrImageNeverPull", KubeletPullMessages.NeverPull(image), 8),
            new KubeletEvent("Warning", "Failed", "Error: ErrImageNeverPull", 8),
        ]);
}
