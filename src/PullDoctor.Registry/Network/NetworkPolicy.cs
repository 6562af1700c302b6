using System.Net;
using System.Net.Sockets;

namespace PullDoctor.Registry.Network;

/// <summary>
/// Where the probe may connect, decided on the addresses a name resolves to (not on the name alone), for every
/// connection including redirects and token realms. Always denied unless an allowed network covers them: link-local
/// and cloud metadata addresses, unspecified, broadcast and multicast. Loopback is denied for the operator (its
/// loopback is not the node's, and it must not probe itself) and allowed for <c>pulldoctor diagnose</c>.
/// Precedence: <see cref="DeniedNetworks"/>, then <see cref="AllowedNetworks"/>, then the built-in rules.
/// </summary>
public sealed record NetworkPolicy
{
    private static readonly (IPNetwork Network, string Why)[] BuiltInDenied =
    [
        (IPNetwork.Parse("169.254.0.0/16"), "a link-local address (cloud instance metadata services live at 169.254.169.254)"),
        (IPNetwork.Parse("fe80::/10"), "an IPv6 link-local address"),
        (IPNetwork.Parse("fd00:ec2::254/128"), "the AWS instance metadata service (IPv6)"),
        (IPNetwork.Parse("fd20:ce::254/128"), "the Google Cloud metadata service (IPv6)"),
        (IPNetwork.Parse("100.100.100.200/32"), "the Alibaba Cloud metadata service"),
        (IPNetwork.Parse("168.63.129.16/32"), "the Azure wireserver"),
        (IPNetwork.Parse("0.0.0.0/8"), "an unspecified (\"this network\") address, which reaches the local host"),
        (IPNetwork.Parse("::/128"), "the unspecified IPv6 address, which reaches the local host"),
        (IPNetwork.Parse("224.0.0.0/4"), "a multicast address"),
        (IPNetwork.Parse("255.255.255.255/32"), "the broadcast address"),
        (IPNetwork.Parse("ff00::/8"), "an IPv6 multicast address"),
    ];

    private static readonly IPNetwork[] Loopback = [IPNetwork.Parse("127.0.0.0/8"), IPNetwork.Parse("::1/128")];

    // Reach this host like loopback does (Linux connects 0.0.0.0 and :: to the local host).
    private static readonly IPNetwork[] LocalHost = [.. Loopback, IPNetwork.Parse("0.0.0.0/8"), IPNetwork.Parse("::/128")];

    private static readonly IPNetwork[] LinkLocal = [IPNetwork.Parse("169.254.0.0/16"), IPNetwork.Parse("fe80::/10")];

    private static readonly IPNetwork[] PrivateNetworks =
    [
        IPNetwork.Parse("10.0.0.0/8"), IPNetwork.Parse("172.16.0.0/12"), IPNetwork.Parse("192.168.0.0/16"),
        IPNetwork.Parse("100.64.0.0/10"), IPNetwork.Parse("fc00::/7"), IPNetwork.Parse("fec0::/10"),
    ];

    // Names of metadata services that resolve to link-local addresses only inside their cloud; refused by name too,
    // so a resolver that maps them elsewhere cannot smuggle them through.
    private static readonly string[] DeniedNames = ["metadata.google.internal", "metadata.goog", "metadata", "instance-data", "instance-data.ec2.internal", "metadata.azure.com"];

    /// <summary>The operator's default: loopback denied.</summary>
    public static NetworkPolicy Operator { get; } = new() { AllowLoopback = false };

    /// <summary><c>pulldoctor diagnose</c> on a person's machine: loopback allowed.</summary>
    public static NetworkPolicy CommandLine { get; } = new() { AllowLoopback = true };

    public bool AllowLoopback { get; init; }

    /// <summary>Networks allowed even when a built-in rule denies them (e.g. <c>--allow-network 169.254.10.0/24</c>).</summary>
    public IReadOnlyList<IPNetwork> AllowedNetworks { get; init; } = [];

    /// <summary>Networks always denied (e.g. the cluster's pod and service CIDRs).</summary>
    public IReadOnlyList<IPNetwork> DeniedNetworks { get; init; } = [];

    /// <summary>
    /// Whether the probe may connect to <paramref name="address"/>. Every rule sees the address and the IPv4 address it
    /// carries (IPv4-mapped, -compatible, NAT64, 6to4), so a metadata address cannot be reached in disguise.
    /// </summary>
    public NetworkDecision Evaluate(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var forms = EmbeddedIPv4.Forms(address);
        var shown = forms[^1];
        foreach (var denied in DeniedNetworks)
        {
            if (forms.Any(f => Contains(denied, f)))
            {
                return NetworkDecision.Deny($"{shown} is in the denied network {denied}");
            }
        }

        if (IsExplicitlyAllowed(forms))
        {
            return NetworkDecision.Allow;
        }

        foreach (var (network, why) in BuiltInDenied)
        {
            if (forms.Any(f => Contains(network, f)))
            {
                return NetworkDecision.Deny($"{shown} is {why}");
            }
        }

        if (!AllowLoopback && forms.Any(f => Loopback.Any(n => Contains(n, f))))
        {
            return NetworkDecision.Deny($"{shown} is a loopback address (the operator's loopback is not the node's)");
        }

        return NetworkDecision.Allow;
    }

    /// <summary>How private <paramref name="address"/> is; explicitly allowed networks count as public.</summary>
    public AddressClass Classify(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var forms = EmbeddedIPv4.Forms(address);
        if (IsExplicitlyAllowed(forms))
        {
            return AddressClass.Public;
        }

        bool In(IPNetwork[] networks) => forms.Any(f => networks.Any(n => Contains(n, f)));
        return In(LocalHost) ? AddressClass.Loopback
            : In(LinkLocal) ? AddressClass.LinkLocal
            : In(PrivateNetworks) ? AddressClass.Private
            : AddressClass.Public;
    }

    /// <summary>
    /// Whether a probe that started on an address of class <paramref name="origin"/> may connect to
    /// <paramref name="address"/> for a redirect or a token realm: allowed by <see cref="Evaluate"/>, and no more
    /// private than where it started (a public registry can never send the probe to a private, link-local or loopback
    /// service; one on a private network can still redirect to its storage on the same network).
    /// </summary>
    public NetworkDecision EvaluateHop(AddressClass origin, IPAddress address)
    {
        var decision = Evaluate(address);
        if (!decision.Allowed)
        {
            return decision;
        }

        var target = Classify(address);
        return target > origin
            ? NetworkDecision.Deny($"{EmbeddedIPv4.Forms(address)[^1]} is a {Describe(target)} address, more private than the registry's {Describe(origin)} one; a redirect or token realm may not move the probe there")
            : NetworkDecision.Allow;
    }

    private static string Describe(AddressClass addressClass) => addressClass switch
    {
        AddressClass.Public => "public (or explicitly allowed)",
        AddressClass.Private => "private",
        AddressClass.LinkLocal => "link-local",
        _ => "loopback",
    };

    private bool IsExplicitlyAllowed(IPAddress[] forms) => AllowedNetworks.Any(allowed => forms.Any(f => Contains(allowed, f)));

    /// <summary>Refuses metadata service names before any DNS query is made for them.</summary>
    public NetworkDecision EvaluateHostName(string host)
    {
        ArgumentNullException.ThrowIfNull(host);
        var name = host.TrimEnd('.').ToLowerInvariant();
        foreach (var denied in DeniedNames)
        {
            if (name == denied || name.EndsWith("." + denied, StringComparison.Ordinal))
            {
                return NetworkDecision.Deny($"{host} is a cloud metadata service name");
            }
        }

        return NetworkDecision.Allow;
    }

    /// <summary>True for loopback addresses, also when carried in an IPv6 form (IPv4-mapped, NAT64, …).</summary>
    public static bool IsLoopbackAddress(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return EmbeddedIPv4.Forms(address).Any(f => Loopback.Any(n => Contains(n, f)));
    }

    /// <summary>
    /// True for <c>localhost</c> and loopback literals: the hosts container runtimes allow plain HTTP for. A name only:
    /// the probe decides plain HTTP and credentials on the addresses a name resolves to, never on this.
    /// </summary>
    public static bool IsLoopbackName(string host)
    {
        ArgumentNullException.ThrowIfNull(host);
        var name = host.Trim('[', ']');
        if (string.Equals(name, "localhost", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return IPAddress.TryParse(name, out var address) && IPAddress.IsLoopback(address);
    }

    private static bool Contains(IPNetwork network, IPAddress address) =>
        network.BaseAddress.AddressFamily == address.AddressFamily && network.Contains(address);

    /// <summary>Parses <c>10.0.0.0/8</c>, <c>fd00::/8</c> or a bare address (a /32 or /128).</summary>
    public static bool TryParseNetwork(string text, out IPNetwork network)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (IPNetwork.TryParse(text, out network))
        {
            return true;
        }

        if (IPAddress.TryParse(text, out var address))
        {
            network = new IPNetwork(address, address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128);
            return true;
        }

        return false;
    }
}
