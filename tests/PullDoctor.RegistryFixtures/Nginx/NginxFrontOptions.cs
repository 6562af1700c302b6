namespace PullDoctor.RegistryFixtures;

/// <summary>How to start an <see cref="NginxFrontFixture"/>.</summary>
public sealed record NginxFrontOptions
{
    /// <summary>Registry to proxy to. Without one (and without <see cref="UpstreamUri"/>), <c>/v2/</c> answers
    /// 200 and everything else 404 NAME_UNKNOWN, which is enough for failure scenarios.</summary>
    public TestRegistry? Upstream { get; init; }

    /// <summary>Any other upstream (http or https; certificates are not verified).</summary>
    public Uri? UpstreamUri { get; init; }

    public NginxFailure Failure { get; init; } = NginxFailure.None;

    public NginxFailureScope FailureScope { get; init; } = NginxFailureScope.ManifestRequests;

    /// <summary><c>Retry-After</c> seconds on Docker Hub style 429 and on 503; null omits the header.</summary>
    public int? RetryAfterSeconds { get; init; } = 60;

    /// <summary>Value of Docker Hub's <c>docker-ratelimit-source</c> header (the client address it counted).</summary>
    public string RateLimitSource { get; init; } = "127.0.0.1";

    /// <summary>Where <see cref="NginxFailure.Redirect"/> points, e.g. <c>http://169.254.169.254/latest/meta-data/</c>.
    /// nginx appends nothing; the Location is sent as given.</summary>
    public Uri RedirectLocation { get; init; } = new("http://169.254.169.254/latest/meta-data/");

    /// <summary>Serve HTTPS with a certificate of this kind; plain HTTP when null.</summary>
    public ServerCertificateKind? Tls { get; init; }

    public IReadOnlyList<string> TlsHostNames { get; init; } = [];

    /// <summary>CA for the TLS certificate; <see cref="TestCertificateAuthority.Shared"/> when null.</summary>
    public TestCertificateAuthority? CertificateAuthority { get; init; }

    public TimeSpan StartupTimeout { get; init; } = TimeSpan.FromSeconds(15);
}
