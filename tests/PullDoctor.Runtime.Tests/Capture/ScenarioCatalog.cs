using PullDoctor.Core.Causes;

namespace PullDoctor.Runtime.Tests.Capture;

/// <summary>
/// Every scenario of issue 7, with the cause the message alone supports (Corpus/README.md expectation
/// rules: e.g. distribution answers MANIFEST_UNKNOWN for a missing tag and a missing repository alike, so
/// both are ImageNotFound; containerd drops the 401 body, so wrong and missing basic credentials read the
/// same). How each is staged is in ScenarioEnvironment.Stage.
/// </summary>
public static class ScenarioCatalog
{
    // podman 4.3 retries network errors 3 times on its own (no --retry option before podman 5): four 60 s
    // containers/image dial timeouts would exceed the suite's budget. skopeo has the same library wording.
    private static IReadOnlyDictionary<string, string> PodmanRetriesTimeouts { get; } = new Dictionary<string, string>
    {
        [RuntimeNames.Podman] = "podman 4.3 retries network errors 3 times (no --retry option before podman 5): 4 x containers/image's 20-60 s timeout exceeds the suite budget; skopeo covers the same containers/image wording",
    };

    public static IReadOnlyList<Scenario> All { get; } =
    [
        new("control-anonymous", "control: anonymous pull over plain HTTP succeeds", null),
        new("control-tls", "control: HTTPS pull with the test CA trusted succeeds", null),
        new("control-basic-auth", "control: basic auth with the right credentials succeeds", null),
        new("control-token-auth", "control: token auth with the right credentials succeeds", null),

        new("tag-missing", "the tag does not exist in an existing repository", CauseCode.ImageNotFound),
        new("digest-missing", "the digest does not exist in an existing repository", CauseCode.ImageNotFound),
        new("repository-missing", "the repository does not exist (distribution still says MANIFEST_UNKNOWN)", CauseCode.ImageNotFound),
        new("basic-auth-no-credentials", "basic auth registry, no credentials sent", CauseCode.AuthenticationRequired),
        new("basic-auth-wrong-credentials", "basic auth registry, wrong password (the 401 looks like the anonymous one)", CauseCode.AuthenticationRequired),
        new("token-auth-no-credentials", "token auth registry, anonymous token without pull access", CauseCode.RepositoryNotFoundOrPrivate),
        new("token-auth-wrong-credentials", "token auth registry, the token endpoint rejects the password", CauseCode.AuthenticationFailed),
        new("token-auth-repository-missing", "token auth registry, good credentials, repository does not exist", CauseCode.ImageNotFound),
        new("dns-failure", "registry host under .invalid does not resolve (NXDOMAIN)", CauseCode.DnsResolutionFailed),
        new("connection-refused", "registry host resolves, nothing listens on the port", CauseCode.ConnectionRefused),
        new("connect-timeout", "SYNs are dropped (full accept queue): the runtime's dial timeout", CauseCode.NetworkTimeout, NotStagedBy: PodmanRetriesTimeouts),
        new("tls-handshake-timeout", "TCP accepted, TLS handshake never answered", CauseCode.NetworkTimeout, NotStagedBy: PodmanRetriesTimeouts),
        new(
            "response-timeout",
            "plain HTTP accepted, no response; the pull's deadline ends it",
            CauseCode.NetworkTimeout,
            NotStagedBy: new Dictionary<string, string>
            {
                [RuntimeNames.Podman] = "podman pull has no deadline option (skopeo has --command-timeout, the CRI a request deadline): it would wait forever",
            }),
        new("tls-untrusted", "HTTPS registry whose CA the node does not trust", CauseCode.TlsCertificateError),
        new("tls-hostname-mismatch", "HTTPS registry whose certificate names another host", CauseCode.TlsCertificateError),
        new("tls-expired", "HTTPS registry whose certificate has expired", CauseCode.TlsCertificateError),
        new("https-to-plain-http-registry", "the node speaks HTTPS to a plain-HTTP registry", CauseCode.HttpProtocolMismatch),
        new(
            "http-to-https-registry",
            "the node is configured for plain HTTP, the registry serves HTTPS",
            CauseCode.HttpProtocolMismatch,
            NotStagedBy: new Dictionary<string, string>
            {
                [RuntimeNames.Skopeo] = "containers/image cannot be forced to plain HTTP: with TLS verification off it tries HTTPS first, which succeeds",
                [RuntimeNames.Podman] = "containers/image cannot be forced to plain HTTP: with TLS verification off it tries HTTPS first, which succeeds",
            }),
        new("rate-limited-docker-hub", "429 with Docker Hub's TOOMANYREQUESTS body and rate-limit headers", CauseCode.RateLimited),
        new("rate-limited-plain", "429 from a proxy, HTML body", CauseCode.RateLimited),
        new("server-error-500", "500 on the manifest request", CauseCode.RegistryServerError),
        new("server-error-503", "503 with Retry-After on the manifest request", CauseCode.RegistryServerError),
        new("platform-mismatch", "an index with only a foreign architecture (linux/arm64 on amd64 nodes)", CauseCode.PlatformMismatch),
        new("invalid-reference-uppercase", "upper case in the repository name", CauseCode.InvalidImageReference),
        new("invalid-reference-empty-tag", "a colon with no tag", CauseCode.InvalidImageReference),
        new("invalid-reference-bad-character", "a character not allowed in a tag", CauseCode.InvalidImageReference),
    ];

    public static Scenario Get(string id) =>
        All.FirstOrDefault(s => s.Id == id) ?? throw new ArgumentException($"unknown scenario '{id}'", nameof(id));
}
