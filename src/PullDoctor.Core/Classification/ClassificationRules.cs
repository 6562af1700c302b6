using PullDoctor.Core.Causes;

namespace PullDoctor.Core.Classification;

/// <summary>
/// The ordered rule table: the first rule that matches decides. The order is the design:
/// <list type="number">
/// <item>kubelet verdicts that need no runtime (never-pull policy, unparsable reference, pull secrets);</item>
/// <item>node-local and policy failures (short names, signatures, disk), which can wrap any registry text;</item>
/// <item>rate limits and expired tokens, whose bodies also say "unauthorized" or "denied";</item>
/// <item>transport failures in the order a connection fails: TLS timeout before TLS errors, protocol
///   mismatch before certificate errors, DNS before refused before timeouts (a broken layer transfer
///   is left to the layer rule);</item>
/// <item>content the runtime refuses (platform, format);</item>
/// <item>registry answers from most to least specific: unknown repository name, 5xx, missing basic
///   credentials, the ambiguous "missing or private" denials (Docker Hub, Quay, GHCR), token scope,
///   rejected credentials, missing credentials, denied access;</item>
/// <item>layer transfer and unpack failures, which mention "not found" for blobs;</item>
/// <item>missing repository, missing tag, and last anything "not found".</item>
/// </list>
/// Keywords are lower case; messages are lower-cased once, with image names and quoted references
/// blanked, before <see cref="RuleSet"/> finds all keywords in one pass.
/// </summary>
internal static class ClassificationRules
{
    public static readonly IReadOnlyList<ClassificationRule> All =
    [
        // kubelet: pkg/kubelet/images/image_manager.go
        new("kubelet-never-pull", CauseCode.NeverPullPolicy,
            ["with pull policy of never", "errimageneverpull"]),
        new("invalid-reference", CauseCode.InvalidImageReference,
            ["invalid reference format", "couldn't parse image reference", "couldn't parse image name",
             "failed to apply default image tag", "invalidimagename", "repository name must be lowercase",
             "invalid repository name", "invalid tag format", "invalid digest format", "invalid checksum digest"]),
        new("pull-secret-missing", CauseCode.PullSecretMissing,
            ["unable to retrieve some image pull secrets", "unable to retrieve pull secret", "failedtoretrieveimagepullsecret"]),

        // node-local policy and resources
        new("short-name", CauseCode.ShortNameResolutionFailed,
            ["short-name", "short name", "unqualified-search registries", "unqualified search registries"]),
        new("signature", CauseCode.SignatureVerificationFailed,
            ["source image rejected", "signature validation", "signature verification", "verifying signature",
             "signatures", "a signature was required", "signedby", "sigstore", "cosign", "signaturevalidationfailed"]),
        new("disk-full", CauseCode.DiskPressure,
            ["no space left on device", "disk quota exceeded", "disk pressure"]),

        // registry answers whose wording also contains auth words
        new("rate-limit", CauseCode.RateLimited,
            ["toomanyrequests", "too many requests", "rate limit", "ratelimit", "pull rate", "slow down"]),
        new("credentials-expired", CauseCode.CredentialsExpired,
            ["authorization token has expired", "token has expired", "token is expired", "token expired",
             "expired token", "credentials have expired", "credential has expired", "expiredtoken", "reauthenticate"],
            NoneOf: ["certificate has expired"]),

        // transport, in the order a connection fails
        new("tls-handshake-timeout", CauseCode.NetworkTimeout,
            ["tls handshake timeout"]),
        new("http-https-mismatch", CauseCode.HttpProtocolMismatch,
            ["server gave http response to https client", "first record does not look like a tls handshake",
             "client sent an http request to an https server", "http response to https", "oversized record received",
             "wrong version number", "plain http request was sent to https port",
             // containerd drops the body of the registry's 400 ("Client sent an HTTP request to an HTTPS
             // server") when a node is configured for plain HTTP; a 400 on the manifest is all that is left.
             "]: 400 bad request"]),
        new("tls-certificate", CauseCode.TlsCertificateError,
            ["x509:", "tls: failed to verify", "certificate signed by unknown authority", "certificate has expired",
             "certificate is valid for", "certificate is not valid", "unknown authority", "tls: bad certificate",
             "certificate verify failed", "self-signed certificate", "self signed certificate", "remote error: tls",
             "tls: handshake failure", "certificate relies on legacy common name"]),
        new("dns", CauseCode.DnsResolutionFailed,
            ["no such host", "server misbehaving", "temporary failure in name resolution", "name or service not known",
             "could not resolve host", "nodename nor servname", "no address associated with hostname",
             "name resolution failed", "dial tcp: lookup ", "dial udp: lookup "]),
        new("dns-timeout", CauseCode.DnsResolutionFailed,
            ["i/o timeout", "timed out"], AllOf: ["lookup ", ":53"]),
        new("connection-refused", CauseCode.ConnectionRefused,
            ["connection refused"]),
        new("network-timeout", CauseCode.NetworkTimeout,
            ["i/o timeout", "deadline exceeded", "deadlineexceeded", "timeout awaiting response headers",
             "client.timeout exceeded", "timed out", "request canceled while waiting for connection",
             "no route to host", "network is unreachable", "host is unreachable", "connection reset by peer",
             "proxyconnect tcp", "timeout exceeded while awaiting headers"],
            // The manifest resolved and a layer transfer broke: that is a layer failure (SPEC §3).
            NoneOf: ["failed commit on ref", "unexpected commit digest", "failed to extract layer", "httpreadseeker",
                     "httpreaderseeker", "failed to copy", "writing blob", "storing blob", "reading blob"]),

        // content: platform, format, layers
        new("platform", CauseCode.PlatformMismatch,
            ["no match for platform in manifest", "no matching manifest for", "no image found in manifest list",
             "no image found in image index", "does not match the specified platform", "no manifest matching platform",
             "no matching platform", "no child with platform", "no match for current platform", "no match for platform"]),
        new("unsupported-format", CauseCode.UnsupportedImageFormat,
            ["schema 1", "schema1", "unsupported media type", "unknown media type", "unsupported manifest",
             "unsupported mediatype", "media type is not supported", "is not supported for this image",
             "not a valid image", "unexpected media type", "unsupported image format", "is not an image",
             "is no longer supported", "manifest.v1+prettyjws"]),
        // registry answers, most specific first
        new("name-unknown", CauseCode.RepositoryNotFound,
            ["name unknown", "name_unknown", "repository name not known to registry"]),
        new("server-error", CauseCode.RegistryServerError,
            ["500 internal server error", "502 bad gateway", "503 service unavailable", "504 gateway timeout",
             "status code 50", "http status: 50", "status: 50", "internal server error", "service unavailable",
             "bad gateway", "gateway timeout", "unavailable: ", "response status code 50",
             // nginx's own wording in front of Harbor, GitLab, Nexus; containerd: "status code [manifests T]: 503 …".
             "service temporarily unavailable", "]: 500", "]: 502", "]: 503", "]: 504"]),
        new("no-basic-auth-credentials", CauseCode.AuthenticationRequired,
            ["no basic auth credentials"]),
        new("hub-pull-access-denied", CauseCode.RepositoryNotFoundOrPrivate,
            ["pull access denied", "repository does not exist or may require", "may require 'docker login'",
             "requested access to the resource is denied", "may require authorization", "no pull access",
             "insufficient_scope: authorization failed",
             // Quay and GHCR answer these for missing and private repositories alike.
             "access to the requested resource is not authorized", "denied: denied"]),
        new("anonymous-token-denied", CauseCode.RepositoryNotFoundOrPrivate,
            ["403", "forbidden", "denied"], AllOf: ["anonymous token"]),
        new("token-scope", CauseCode.AccessDenied,
            ["does not match bearer token resource", "unauthorized to access repository"]),
        new("auth-failed", CauseCode.AuthenticationFailed,
            ["incorrect username or password", "invalid username/password", "invalid username or password",
             "authentication failed", "invalid credentials", "bad credentials", "failed to fetch oauth token",
             "unauthorized: incorrect", "login attempt failed", "cannot be authenticated"]),
        new("ghcr-unauthorized", CauseCode.RepositoryNotFoundOrPrivate,
            ["unauthorized", "denied"], AllOf: ["ghcr.io"]),
        new("auth-required", CauseCode.AuthenticationRequired,
            ["no basic auth credentials", "authentication required", "unauthenticated", "401 unauthorized",
             "unauthorized", "authorization required", "anonymous token", "status code 401", "http status: 401"]),
        new("access-denied", CauseCode.AccessDenied,
            ["403 forbidden", "forbidden", "denied:", "denied ", "insufficient_scope", "not authorized",
             "access denied", "permission denied", "status code 403", "http status: 403"]),
        new("layer", CauseCode.LayerPullFailed,
            ["failed commit on ref", "unexpected commit digest", "failed to extract layer", "short read",
             "unexpected eof", "failed size validation", "digest mismatch", "blob unknown", "blob_unknown",
             "failed to copy", "apply layer error", "failed to register layer", "error extracting",
             "archive/tar", "wrong diff id", "failed to verify layer", "layer verification failed", "verification failed for digest", "httpreadseeker", "httpreaderseeker", "/blobs/sha256",
             "error committing", "failed to unpack", "unpacking", "writing blob", "reading blob",
             "size mismatch", "does not match the expected digest", "layer does not exist"]),
        new("repository-not-found", CauseCode.RepositoryNotFound,
            ["repository not found",
             "repository does not exist", "repositorynotfound", "no such repository", "project not found"]),
        new("tag-not-found", CauseCode.TagNotFound,
            ["tag does not exist", "tag not found", "does not exist in the repository", "imagenotfoundexception",
             "tag invalid", "manifest tagged by", "requested image not found"]),
        new("image-not-found", CauseCode.ImageNotFound,
            ["manifest unknown", "manifest_unknown", "not found", "404", "no such image", "does not exist"]),
    ];
}
