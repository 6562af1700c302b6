using PullDoctor.Core.Classification;

namespace PullDoctor.Diagnosis;

/// <summary>What diagnosis needs of one container: its image and, when it is waiting, why.</summary>
/// <param name="Name">The container's name.</param>
/// <param name="ContainerType">InitContainer, Container, EphemeralContainer or Sandbox (see <see cref="ContainerTypes"/>).</param>
/// <param name="Image">The image as written in the pod spec.</param>
/// <param name="ImagePullPolicy">Always, IfNotPresent or Never.</param>
/// <param name="WaitingReason">The kubelet's <c>state.waiting.reason</c>, when waiting.</param>
/// <param name="WaitingMessage">The kubelet's <c>state.waiting.message</c>, when waiting (truncated).</param>
/// <param name="ImagePulled">True once the kubelet has the image (an imageID, or the container ran).</param>
public sealed record ContainerSnapshot(
    string Name,
    string ContainerType,
    string Image,
    string? ImagePullPolicy,
    string? WaitingReason,
    string? WaitingMessage,
    bool ImagePulled)
{
    /// <summary>True when waiting on a failed pull; a sandbox entry exists only while its pull fails.</summary>
    public bool IsStuck => ContainerType == ContainerTypes.Sandbox || ImagePullWaitingReasons.IsImagePullFailure(WaitingReason);
}
