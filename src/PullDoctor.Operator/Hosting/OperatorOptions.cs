using System.Net;

namespace PullDoctor.Operator.Hosting;

/// <summary>
/// Everything <c>pulldoctor run</c> can be told, validated (see <see cref="OperatorOptionsReader"/>).
/// Environment variables: <c>PULLDOCTOR_&lt;NAME&gt;</c>, e.g. <c>PULLDOCTOR_NAMESPACES=shop,web</c>.
/// </summary>
public sealed record OperatorOptions
{
    /// <summary>Namespaces to watch; empty watches the whole cluster.</summary>
    public IReadOnlyList<string> Namespaces { get; init; } = [];

    /// <summary>Ask registries to confirm causes (the probe). Off: messages only, every cause Likely.</summary>
    public bool Probe { get; init; } = true;

    /// <summary>Read pods' pull secrets so the probe uses the pod's own credentials (needs Secrets get).</summary>
    public bool UsePullSecrets { get; init; } = true;

    /// <summary>Networks the probe may reach although a built-in rule denies them (e.g. a registry on loopback in tests).</summary>
    public IReadOnlyList<IPNetwork> AllowNetworks { get; init; } = [];

    /// <summary>Networks the probe must never reach (e.g. the cluster's pod and service CIDRs).</summary>
    public IReadOnlyList<IPNetwork> DenyNetworks { get; init; } = [];

    /// <summary>Registries (host[:port]) spoken to over plain HTTP, as configured on the nodes.</summary>
    public IReadOnlyList<string> PlainHttpRegistries { get; init; } = [];

    /// <summary>A PEM file of extra CAs the probe trusts (private registries).</summary>
    public string? CaFile { get; init; }

    /// <summary>Client-side API request rate; 0 leaves pacing to the API server's priority and fairness.</summary>
    public double Qps { get; init; }

    public int Burst { get; init; } = 10;

    public bool LeaderElection { get; init; } = true;

    public string LeaseName { get; init; } = "pulldoctor-leader";

    /// <summary>Null: the operator's own namespace (in-cluster), else <c>default</c>.</summary>
    public string? LeaseNamespace { get; init; }

    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(15);

    public TimeSpan RenewDeadline { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan RetryPeriod { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>This replica's identity in the Lease; defaults to the pod name plus a random suffix.</summary>
    public string? Identity { get; init; }

    /// <summary>Port of /metrics, /healthz and /readyz; 0 picks a free one (tests).</summary>
    public int Port { get; init; } = 8080;

    /// <summary>Address the HTTP endpoints bind to.</summary>
    public IPAddress BindAddress { get; init; } = IPAddress.Any;

    public int Workers { get; init; } = 4;

    /// <summary>
    /// How long a reconcile waits for a registry's answer before it writes what the messages say; the answer, when it
    /// comes, updates the diagnosis. A registry that never answers thus delays only its own pods.
    /// </summary>
    public TimeSpan ProbeWait { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The longest one reconcile may take; it is then cancelled and retried with back-off.</summary>
    public TimeSpan ReconcileTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>auto (JSON unless stdout is a terminal), json or text.</summary>
    public string LogFormat { get; init; } = "auto";

    public string LogLevel { get; init; } = "Information";
}
