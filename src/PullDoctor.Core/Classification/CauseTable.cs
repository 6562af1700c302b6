using PullDoctor.Core.Causes;
using PullDoctor.Core.Registries;

namespace PullDoctor.Core.Classification;

/// <summary>
/// Stage × failure → cause: the one place that says what a failure means where it happened. Each
/// failure has its meaning anywhere (<see cref="Default"/>); the lines above it are the cases where
/// the stage (or the registry, known from the message's hosts, with the HTTP status the message states) changes that meaning.
/// </summary>
public static class CauseTable
{
    public static CauseCode Decide(Stage stage, Failure failure, RegistryProfile? registry = null, int? statedStatus = null) => (stage, failure) switch
    {
        // An image-policy webhook refused the pod at admission: whatever its words, a policy decided.
        (Stage.Admission, _) => CauseCode.SignatureVerificationFailed,

        // A credential helper or provider plugin failed to produce credentials. A network failure on
        // its way to the cloud's API stays a network failure; anything else means no usable credentials.
        (Stage.CredentialHelper, Failure.NameNotResolved or Failure.LookupTimedOut or Failure.Refused or Failure.Unreachable
            or Failure.ConnectTimedOut or Failure.Certificate or Failure.TokenExpired or Failure.TooManyRequests) => Default(failure),
        (Stage.CredentialHelper, _) => CauseCode.AuthenticationFailed,

        // The manifest resolved and a layer broke: a 404, a timeout or a cut connection on a blob is a
        // layer failure (SPEC §3), and so is a blob or unpack step that failed with no more detail.
        // DNS, refused, unreachable, a connect timeout and TLS still win: the fix is the same wherever the connection failed.
        (Stage.Blob or Stage.Unpack, Failure.None or Failure.NotFound or Failure.TagMissing or Failure.RepositoryMissing
            or Failure.TimedOut or Failure.Interrupted) => CauseCode.LayerPullFailed,

        // The pull finished and the image's manifest for this node is not in the content store: the
        // platform matcher found no entry for the node (containerd images.Manifest: "manifest %v: not found").
        (Stage.LocalImage, Failure.NotFound) => CauseCode.PlatformMismatch,

        // A token refused to a client with no credentials: the registry will not say whether the
        // repository is missing or private (GHCR answers 403 for both).
        (Stage.AnonymousToken, Failure.Forbidden) => CauseCode.RepositoryNotFoundOrPrivate,
        (Stage.AnonymousToken, Failure.None) => CauseCode.AuthenticationRequired,

        // A token refused to the credentials the node sent: 401, they were rejected; 403, they were
        // accepted and are not allowed to pull this repository.
        (Stage.CredentialedToken, Failure.None or Failure.Unauthorized) => CauseCode.AuthenticationFailed,
        (Stage.CredentialedToken, Failure.Forbidden) => CauseCode.AccessDenied,

        // Registries whose table says they answer a missing and a private repository alike (GHCR "unauthorized" and
        // "denied", GitLab "denied: access forbidden", Quay's 401 UNAUTHORIZED): the answer does not say which.
        (_, Failure.Unauthorized or Failure.Forbidden) when registry?.DeniesMissingAndPrivateAlike is { } alike
            && alike.Covers(failure == Failure.Forbidden, statedStatus) => CauseCode.RepositoryNotFoundOrPrivate,

        _ => Default(failure),
    };

    /// <summary>What a failure means wherever it happened.</summary>
    public static CauseCode Default(Failure failure) => failure switch
    {
        Failure.NeverPull => CauseCode.NeverPullPolicy,
        Failure.InvalidReference => CauseCode.InvalidImageReference,
        Failure.SecretMissing => CauseCode.PullSecretMissing,
        Failure.ShortName => CauseCode.ShortNameResolutionFailed,
        Failure.SignatureRejected => CauseCode.SignatureVerificationFailed,
        Failure.DiskFull => CauseCode.DiskPressure,
        Failure.TooManyRequests => CauseCode.RateLimited,
        Failure.TokenExpired => CauseCode.CredentialsExpired,
        Failure.TlsHandshakeTimeout => CauseCode.NetworkTimeout,
        Failure.ProtocolMismatch => CauseCode.HttpProtocolMismatch,
        Failure.Certificate => CauseCode.TlsCertificateError,
        Failure.NameNotResolved or Failure.LookupTimedOut => CauseCode.DnsResolutionFailed,
        Failure.Refused => CauseCode.ConnectionRefused,
        Failure.Unreachable or Failure.ConnectTimedOut or Failure.TimedOut or Failure.Interrupted => CauseCode.NetworkTimeout,
        Failure.NoPlatform => CauseCode.PlatformMismatch,
        Failure.UnsupportedFormat => CauseCode.UnsupportedImageFormat,
        Failure.NameUnknown or Failure.RepositoryMissing => CauseCode.RepositoryNotFound,
        Failure.ServerError => CauseCode.RegistryServerError,
        Failure.NoBasicAuthCredentials or Failure.Unauthorized => CauseCode.AuthenticationRequired,
        Failure.MissingOrPrivate => CauseCode.RepositoryNotFoundOrPrivate,
        Failure.TokenScope or Failure.PermissionMissing or Failure.Forbidden => CauseCode.AccessDenied,
        Failure.CredentialsRejected => CauseCode.AuthenticationFailed,
        Failure.ContentCorrupt => CauseCode.LayerPullFailed,
        Failure.TagMissing => CauseCode.TagNotFound,
        Failure.NotFound => CauseCode.ImageNotFound,
        _ => CauseCode.Unknown,
    };
}
