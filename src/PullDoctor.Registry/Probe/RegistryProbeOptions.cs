using System.Security.Cryptography.X509Certificates;
using PullDoctor.Registry.Network;

namespace PullDoctor.Registry.Probe;

/// <summary>How the probe talks to registries: network policy, trust, timeouts and caps.</summary>
public sealed class RegistryProbeOptions
{
    /// <summary>Where the probe may connect. Defaults to the operator's policy (loopback denied).</summary>
    public NetworkPolicy NetworkPolicy { get; set; } = NetworkPolicy.Operator;

    /// <summary>CAs trusted in addition to the system store (<c>--ca-file</c>).</summary>
    public IList<X509Certificate2> ExtraTrustedCertificates { get; } = [];

    /// <summary>Registries (<c>host[:port]</c>) spoken to over plain HTTP, like an <c>http://</c> server in containerd's hosts.toml.</summary>
    public ISet<string> PlainHttpRegistries { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Retry over plain HTTP when HTTPS to a loopback registry (<c>localhost</c>, <c>127.0.0.1</c>, <c>::1</c>) meets a
    /// plain-HTTP server, as containerd and Docker do for local registries.
    /// </summary>
    public bool LoopbackHttpFallback { get; set; } = true;

    /// <summary>
    /// Send credentials over plain HTTP to loopback registries (the bytes never leave the machine). Never to any other
    /// plain-HTTP host.
    /// </summary>
    public bool AllowCredentialsOverHttpToLoopback { get; set; } = true;

    public TimeSpan DnsTimeout { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Time for the TLS handshake and then for each response (headers and body).</summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Upper bound on a whole probe.</summary>
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(60);

    public int MaxRedirects { get; set; } = 5;

    public int MaxManifestBytes { get; set; } = 4 * 1024 * 1024;

    public int MaxConfigBytes { get; set; } = 8 * 1024 * 1024;

    public int MaxTokenResponseBytes { get; set; } = 1024 * 1024;

    public int MaxErrorBodyBytes { get; set; } = 64 * 1024;

    public int MaxTagPages { get; set; } = 10;

    public int MaxTags { get; set; } = 10_000;

    /// <summary>Layers checked with HEAD for a pullable image (a missing blob is <c>LayerPullFailed</c>).</summary>
    public int MaxLayersChecked { get; set; } = 32;

    public string UserAgent { get; set; } = "pulldoctor/0.1 (+https://pulldoctor.dev)";
}
