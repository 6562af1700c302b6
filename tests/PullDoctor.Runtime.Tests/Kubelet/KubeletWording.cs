using PullDoctor.Core.Classification;
using PullDoctor.Runtime.Tests.Capture;

namespace PullDoctor.Runtime.Tests.Kubelet;

/// <summary>
/// Wraps a captured runtime error the way the kubelet does (pkg/kubelet/images/image_manager.go):
/// the <c>Failed</c> Event is <c>Failed to pull image "X": &lt;err&gt;</c>; the ErrImagePull waiting message
/// is <c>&lt;err&gt;</c>; since 1.32 the ImagePullBackOff waiting message is
/// <c>Back-off pulling image "X": ErrImagePull: &lt;err&gt;</c> (before: only <c>Back-off pulling image "X"</c>).
/// <c>&lt;err&gt;</c> is the gRPC error as Go prints it, <c>rpc error: code = C desc = M</c>; kubelets since 1.28
/// strip it when C is <c>Unknown</c> and keep it for other codes. CRI-O returns containers/image errors as
/// plain Go errors, which gRPC sends as <c>Unknown</c>.
/// </summary>
public static class KubeletWording
{
    public static string KubeletError(CapturedMessage message, bool before128)
    {
        ArgumentNullException.ThrowIfNull(message);
        var code = message.Code ?? "Unknown";
        return !before128 && code == "Unknown" ? message.Message ?? string.Empty : $"rpc error: code = {code} desc = {message.Message}";
    }

    public static string FailedEvent(CapturedMessage message, bool before128) =>
        $"Failed to pull image \"{message.Image}\": {KubeletError(message, before128)}";

    public static string BackOffBefore132(CapturedMessage message) => $"Back-off pulling image \"{message.Image}\"";

    public static string BackOffSince132(CapturedMessage message) =>
        $"{BackOffBefore132(message)}: ErrImagePull: {KubeletError(message, before128: false)}";

    public static (string Text, string? Reason) Render(CapturedMessage message, MessageForm form)
    {
        ArgumentNullException.ThrowIfNull(message);
        return form switch
        {
            MessageForm.RuntimeLog => (message.Message ?? string.Empty, null),
            MessageForm.ErrImagePullWaiting => (KubeletError(message, before128: false), "ErrImagePull"),
            MessageForm.FailedEventBefore128 => (FailedEvent(message, before128: true), "Failed"),
            MessageForm.FailedEvent => (FailedEvent(message, before128: false), "Failed"),
            MessageForm.BackOffWaiting => (BackOffSince132(message), "ImagePullBackOff"),
            _ => throw new ArgumentOutOfRangeException(nameof(form), form, null),
        };
    }

    /// <summary>A pod on a kubelet before 1.32: bare back-off waiting message, the cause in the Failed Event.</summary>
    public static PullEvidence EvidenceBefore132(CapturedMessage message, DateTimeOffset now) => new()
    {
        Image = message.Image,
        WaitingReason = "ImagePullBackOff",
        WaitingMessage = BackOffBefore132(message),
        Events =
        [
            new ObservedEvent("Failed", FailedEvent(message, before128: false), now.AddSeconds(-30)),
            new ObservedEvent("Failed", "Error: ErrImagePull", now.AddSeconds(-30)),
            new ObservedEvent("BackOff", BackOffBefore132(message), now),
            new ObservedEvent("Failed", "Error: ImagePullBackOff", now),
        ],
    };

    /// <summary>A pod on a 1.32+ kubelet after its Events expired: only the waiting message is left.</summary>
    public static PullEvidence EvidenceSince132EventsExpired(CapturedMessage message) => new()
    {
        Image = message.Image,
        WaitingReason = "ImagePullBackOff",
        WaitingMessage = BackOffSince132(message),
    };
}
