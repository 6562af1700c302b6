namespace PullDoctor.Core.Causes;

/// <summary>
/// The root cause of an image pull failure (SPEC §3). The names are stable API: they appear in
/// status, Event reasons, metric labels and JSON output, so add members, never rename them.
/// </summary>
public enum CauseCode
{
    Unknown = 0,
    InvalidImageReference,
    TagNotFound,
    RepositoryNotFound,
    ImageNotFound,
    RepositoryNotFoundOrPrivate,
    AuthenticationRequired,
    AuthenticationFailed,
    CredentialsExpired,
    AccessDenied,
    PullSecretMissing,
    PullSecretInvalid,
    RateLimited,
    DnsResolutionFailed,
    ConnectionRefused,
    NetworkTimeout,
    TlsCertificateError,
    HttpProtocolMismatch,
    RegistryServerError,
    PlatformMismatch,
    NeverPullPolicy,
    DiskPressure,
    LayerPullFailed,
    UnsupportedImageFormat,
    ShortNameResolutionFailed,
    SignatureVerificationFailed,
}
