using System.Collections.Frozen;

namespace PullDoctor.Core.Classification;

/// <summary>
/// The container waiting reasons the kubelet sets for image pulls (pkg/kubelet/images/types.go: ErrImagePull,
/// ImagePullBackOff, InvalidImageName, ErrImageNeverPull, RegistryUnavailable, ImageInspectError; and CRI-O's
/// SignatureValidationFailed): a container waiting for one of these is stuck on its image.
/// </summary>
public static class ImagePullWaitingReasons
{
    public const string ErrImagePull = "ErrImagePull";
    public const string ImagePullBackOff = "ImagePullBackOff";
    public const string InvalidImageName = "InvalidImageName";
    public const string ErrImageNeverPull = "ErrImageNeverPull";
    public const string RegistryUnavailable = "RegistryUnavailable";
    public const string ImageInspectError = "ImageInspectError";
    public const string SignatureValidationFailed = "SignatureValidationFailed";

    /// <summary>All of them: the one list the operator, its stream decoder and every CLI reader use.</summary>
    public static FrozenSet<string> All { get; } = new[]
    {
        ErrImagePull, ImagePullBackOff, InvalidImageName, ErrImageNeverPull,
        RegistryUnavailable, ImageInspectError, SignatureValidationFailed,
    }.ToFrozenSet(StringComparer.Ordinal);

    public static bool IsImagePullFailure(string? reason) => reason is not null && All.Contains(reason);
}
