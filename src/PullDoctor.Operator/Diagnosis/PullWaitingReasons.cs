using System.Collections.Frozen;

namespace PullDoctor.Operator.Diagnosis;

/// <summary>
/// The <c>state.waiting.reason</c> values the kubelet sets when a container's image cannot be pulled
/// (pkg/kubelet/images/types.go and the CRI error reasons: ErrImagePull, ImagePullBackOff,
/// InvalidImageName, ErrImageNeverPull, RegistryUnavailable, ImageInspectError, and CRI-O's
/// SignatureValidationFailed).
/// </summary>
public static class PullWaitingReasons
{
    public static FrozenSet<string> All { get; } = new[]
    {
        "ErrImagePull",
        "ImagePullBackOff",
        "InvalidImageName",
        "ErrImageNeverPull",
        "RegistryUnavailable",
        "ImageInspectError",
        "SignatureValidationFailed",
    }.ToFrozenSet(StringComparer.Ordinal);

    public static bool IsPullFailure(string? reason) => reason is not null && All.Contains(reason);
}
