namespace PullDoctor.Core.Classification;

/// <summary>
/// The container waiting reasons the kubelet sets for image pulls (pkg/kubelet/images/types.go):
/// a container waiting for one of these is stuck on its image.
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

    private static readonly HashSet<string> All =
    [
        ErrImagePull, ImagePullBackOff, InvalidImageName, ErrImageNeverPull,
        RegistryUnavailable, ImageInspectError, SignatureValidationFailed,
    ];

    public static bool IsImagePullFailure(string? reason) => reason is not null && All.Contains(reason);
}
