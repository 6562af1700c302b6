namespace PullDoctor.Core.Classification;

/// <summary>
/// The failure words, in the order that decides when a message says several things (the first line
/// that holds wins):
/// <list type="number">
/// <item>kubelet verdicts that need no runtime (never-pull policy, unparsable reference, pull secrets);</item>
/// <item>node-local and policy failures (short names, signatures, disk), which can wrap any registry text;</item>
/// <item>rate limits and expired tokens, whose bodies also say "unauthorized" or "denied";</item>
/// <item>transport failures in the order a connection fails: TLS timeout before TLS errors, protocol
///   mismatch before certificate errors, DNS before refused before timeouts;</item>
/// <item>content the runtime refuses (platform, format);</item>
/// <item>registry answers from most to least specific: unknown repository name, 5xx, missing basic
///   credentials, the ambiguous "missing or private" denials (Docker Hub, Quay, GHCR), token scope,
///   rejected credentials, missing credentials, denied access;</item>
/// <item>broken content (digest and size mismatches, truncated streams);</item>
/// <item>missing repository, missing tag, and last anything "not found".</item>
/// </list>
/// The words are matched against the skeleton (values lifted out, lower case), so no name, host, URL,
/// SAN, tag or path can supply one. Where the stage changes the meaning, <see cref="CauseTable"/> says so.
/// </summary>
internal static class FailureRules
{
    private const string Lookup = "lookup \u2039L\u203a";

    public static readonly IReadOnlyList<KeywordRule<Failure>> All =
    [
        // kubelet: pkg/kubelet/images/image_manager.go
        new(Failure.NeverPull, ["with pull policy of never", "errimageneverpull"]),
        new(Failure.InvalidReference,
            ["invalid reference format", "couldn't parse image reference", "couldn't parse image name",
             "failed to apply default image tag", "invalidimagename", "repository name must be lowercase",
             "invalid repository name", "invalid tag format", "invalid checksum digest", "invalid image name", "unknown transport"]),
        new(Failure.SecretMissing,
            ["unable to retrieve some image pull secrets", "unable to retrieve pull secret", "failedtoretrieveimagepullsecret"]),

        // node-local policy and resources
        new(Failure.ShortName, ["short-name", "short name", "unqualified-search registries", "pull an unqualified image"]),
        new(Failure.SignatureRejected,
            ["source image rejected", "signature validation", "signature verification", "verifying signature",
             "signatures", "a signature was required", "sigstore", "cosign", "signaturevalidationfailed", "is rejected by policy", "invalid policy in", "no policy.json file found", "trust data"],
            // containers/image could not fetch the signatures (a 5xx, a timeout): the registry failed, not the policy.
            NoneOf: ["error reading signatures"]),
        new(Failure.DiskFull, ["no space left on device", "disk quota exceeded", "disk pressure"]),

        // registry answers whose wording also contains auth words
        new(Failure.TooManyRequests, ["toomanyrequests", "too many requests", "rate limit", "pull rate", "pull qps exceeded", "http code: 429", "status code 429", "status: 429"]),
        new(Failure.TokenExpired,
            ["authorization token has expired", "token has expired", "token is expired",
             "reauthenticate"],
            NoneOf: ["certificate has expired"]),

        // transport, in the order a connection fails
        new(Failure.TlsHandshakeTimeout, ["tls handshake timeout"]),
        new(Failure.ProtocolMismatch,
            ["server gave http response to https client", "first record does not look like a tls handshake",
             "client sent an http request to an https server", "http response to https", "oversized record received",
             "plain http request was sent to https port",
             // containerd drops the body of the registry's 400 ("Client sent an HTTP request to an HTTPS
             // server") when a node is configured for plain HTTP; a 400 on the manifest is all that is left
             // (containerd 1.6 on Debian 12, PullDoctor.Runtime.Tests scenario http-to-https-registry).
             "]: 400 bad request", "malformed http response"]),
        new(Failure.Certificate,
            ["x509:", "tls: failed to verify", "certificate signed by unknown authority", "certificate has expired",
             "certificate is valid for", "certificate is not valid", "unknown authority", "tls: bad certificate",
             "self signed certificate", "remote error: tls",
             "tls: handshake failure", "certificate relies on legacy common name"]),
        // A lookup the DNS server never answered ("dial tcp: lookup H on S: read udp …: i/o timeout") is
        // not a name that does not exist: the node's resolver is unreachable, so it is read first.
        new(Failure.LookupTimedOut, ["i/o timeout", "timed out"], AllOf: [Lookup]),
        new(Failure.NameNotResolved,
            ["no such host", "server misbehaving", "temporary failure in name resolution", "name or service not known",
             "no address associated with hostname",
             "dial tcp: lookup "]),
        new(Failure.Refused, ["connection refused", "actively refused it"]),
        // A connection that could not be made is the network's problem wherever the pull was; a timeout
        // on a connection made already is the stage's (a stalled blob download is a layer failure).
        new(Failure.Unreachable, ["no route to host", "network is unreachable", "proxyconnect tcp", "connection attempt failed because the connected party did not properly respond"]),
        new(Failure.ConnectTimedOut, ["i/o timeout", "timed out", "deadline exceeded"], AllOf: ["dial "]),
        // A bare "context deadline exceeded" is the kubelet's CRI call timing out on a slow pull: it says
        // nothing about where, so it is not a network timeout on its own.
        new(Failure.TimedOut,
            // …but after an HTTP request it is that request's deadline: containerd "failed to do request:
            // context deadline exceeded" (PullDoctor.Runtime.Tests scenario response-timeout), containers/image
            // `Get "…/v2/": context deadline exceeded` (the URL is a value, so its closing quote or colon leads).
            ["request: context deadline exceeded", "\u203a\": context deadline exceeded", "\u203a: context deadline exceeded",
             "i/o timeout", "timeout awaiting response headers",
             "client.timeout exceeded", "timed out", "request canceled while waiting for connection",
             "timeout exceeded while awaiting headers"]),
        new(Failure.Interrupted, ["connection reset by peer", "unexpected eof"]),

        // content the runtime refuses
        new(Failure.NoPlatform,
            ["no match for platform in manifest", "no matching manifest for", "no image found in manifest list",
             "no image found in image index", "does not match the specified platform", "no child with platform",
             "no match for current platform", "no match for platform", "cannot be used on this platform", "image is incompatible with a"]),
        new(Failure.UnsupportedFormat,
            ["schema 1", "unsupported media type", "unsupported manifest", "unsupported mediatype",
             "unexpected media type",
             "is no longer supported", "manifest list instead of a manifest", "unsupported docker v2s2 media type", "mediatype in manifest should be", "no processor for media-type"]),

        // registry answers, most specific first
        new(Failure.NameUnknown, ["name unknown", "name_unknown", "repository name not known to registry"]),
        new(Failure.ServerError,
            ["500 internal server error", "502 bad gateway", "503 service unavailable", "504 gateway timeout", "status code 50",
             "http status: 50", "status: 50", "internal server error", "service unavailable",
             "bad gateway", "gateway timeout",
             // nginx's own wording in front of Harbor, GitLab, Nexus; containerd: "status code [manifests T]: 503 …".
             "service temporarily unavailable", "]: 500", "]: 502", "]: 503", "]: 504"]),
        new(Failure.NoBasicAuthCredentials, ["no basic auth credentials"]),
        // The registry names the permission the identity lacks: authenticated, not allowed (this wins over
        // Docker's "pull access denied … may require 'docker login'" wrapper around it).
        new(Failure.PermissionMissing, ["is not authorized to perform", "permission denied for", "denied on resource"]),
        new(Failure.MissingOrPrivate,
            ["pull access denied", "repository does not exist or may require", "may require 'docker login'",
             "requested access to the resource is denied", "may require authorization", "no pull access",
             "insufficient_scope: authorization failed",
             // Quay and GHCR answer these for missing and private repositories alike.
             "access to the requested resource is not authorized", "denied: denied", "does not have permission for manifest",
             // Docker's v1 registry client ("Pulling repository X\nError: Repository not found", Docker ≤ 1.x):
             // the v1 index answered so for a private repository to a client that was not logged in, too.
             "error: repository not found"]),
        new(Failure.TokenScope, ["does not match bearer token resource", "unauthorized to access repository"]),
        new(Failure.CredentialsRejected,
            ["incorrect username or password", "invalid username/password", "invalid username or password",
             "invalid credentials",
             "unauthorized: incorrect", "cannot be authenticated", "http basic: access denied", "could not be authenticated", "security token included in the request is invalid", "failed authentication"],
            // GCR says this to a client with no credentials as well.
            NoneOf: ["may have invalid credentials"]),
        new(Failure.Unauthorized,
            ["authentication required", "unauthenticated", "401 unauthorized", "unauthorized",
             "status code 401", "authentication is required"]),
        new(Failure.Forbidden,
            ["403 forbidden", "forbidden", "denied:", "denied ", "insufficient_scope", "not authorized",
             "access denied", "permission denied", "status code 403", "http status: 403", " 403"]),

        // content that arrived broken
        new(Failure.ContentCorrupt,
            ["unexpected commit digest", "failed size validation", "blob unknown", "blob_unknown",
             "wrong diff id", "layer verification failed", "verification failed for digest",
             "size mismatch", "archive/tar", "unknown blob"]),

        new(Failure.RepositoryMissing,
            ["repository not found", "repository does not exist", "repositorynotfound", "project '\u2039R\u203a' not found"]),
        new(Failure.TagMissing,
            ["imagenotfoundexception",
             "manifest tagged by", "requested image not found", "tag \u2039R\u203a not found"]),
        new(Failure.NotFound, ["manifest unknown", "manifest_unknown", "not found", "404", "no such image", "does not exist"]),
    ];

    public static KeywordTable<Failure> Table { get; } = new(All);
}
