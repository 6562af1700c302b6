namespace PullDoctor.Core.Classification;

/// <summary>
/// What went wrong, as the inner links of the error chain say it: a kubelet verdict, a node policy,
/// a transport failure, a registry answer or a content problem. The stage-independent meaning of
/// each is its default cause (<see cref="CauseTable"/>).
/// </summary>
public enum Failure
{
    None = 0,
    NeverPull,
    InvalidReference,
    SecretMissing,
    ShortName,
    SignatureRejected,
    DiskFull,
    TooManyRequests,
    TokenExpired,
    TlsHandshakeTimeout,
    ProtocolMismatch,
    Certificate,
    NameNotResolved,
    LookupTimedOut,
    Refused,
    Unreachable,
    ConnectTimedOut,
    TimedOut,
    Interrupted,
    NoPlatform,
    UnsupportedFormat,
    NameUnknown,
    ServerError,
    NoBasicAuthCredentials,
    PermissionMissing,
    MissingOrPrivate,
    TokenScope,
    CredentialsRejected,
    Unauthorized,
    Forbidden,
    ContentCorrupt,
    RepositoryMissing,
    TagMissing,
    NotFound,
}
