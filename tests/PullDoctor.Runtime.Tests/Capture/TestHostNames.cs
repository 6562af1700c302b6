namespace PullDoctor.Runtime.Tests.Capture;

/// <summary>
/// Registry host names of the private /etc/hosts (all 127.0.0.1). containerd treats localhost and
/// 127.0.0.1 specially (plain HTTP allowed, TLS errors hidden), so every registry gets a real name.
/// </summary>
internal static class TestHostNames
{
    public const string Anonymous = "registry.test";
    public const string PlainOverHttps = "plain.registry.test";
    public const string Basic = "basic.registry.test";
    public const string Token = "token.registry.test";
    public const string Tls = "tls.registry.test";
    public const string Untrusted = "untrusted.registry.test";
    public const string HttpToTls = "http-to-tls.registry.test";
    public const string Mismatch = "mismatch.registry.test";
    public const string Expired = "expired.registry.test";
    public const string DockerHubRateLimit = "hub.registry.test";
    public const string PlainRateLimit = "ratelimit.registry.test";
    public const string ServerError = "error500.registry.test";
    public const string Unavailable = "unavailable.registry.test";
    public const string Refused = "refused.registry.test";
    public const string ConnectTimeout = "connect-timeout.registry.test";
    public const string TlsTimeout = "tls-timeout.registry.test";
    public const string ResponseTimeout = "response-timeout.registry.test";

    /// <summary>Not in /etc/hosts: our DNS server answers NXDOMAIN.</summary>
    public const string Unresolvable = "registry.pulldoctor.invalid";

    public static IReadOnlyList<string> Mapped { get; } =
    [
        Anonymous, PlainOverHttps, Basic, Token, Tls, Untrusted, HttpToTls, Mismatch, Expired,
        DockerHubRateLimit, PlainRateLimit, ServerError, Unavailable, Refused, ConnectTimeout, TlsTimeout, ResponseTimeout,
    ];
}
