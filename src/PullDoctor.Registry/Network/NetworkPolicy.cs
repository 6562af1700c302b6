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
        (IPNetwork.Parse("100.100.100.200/32"), "the Alibaba Cloud metadata service"),
        (IPNetwork.Parse("168.63.129.16/32"), "the Azure wireserver"),
        (IPNetwork.Parse("0.0.0.0/8"), "an unspecified (\"this network\") address, which reaches the local host"),
        (IPNetwork.Parse("::/128"), "the unspecified IPv6 address, which reaches the local host"),
        (IPNetwork.Parse("224.0.0.0/4"), "a multicast address"),
        (IPNetwork.Parse("255.255.255.255/32"), "the broadcast address"),
        (IPNetwork.Parse("ff00::/8"), "an IPv6 multicast address"),
    ];

    private static readonly IPNetwork[] Loopback = [IPNetwork.Parse("127.0.0.0/8"), IPNetwork.Parse("::1/128")];

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

    public NetworkDecision Evaluate(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        foreach (var denied in DeniedNetworks)
        {
            if (Contains(denied, address))
            {
                return NetworkDecision.Deny($"{address} is in the denied network {denied}");
            }
        }

        foreach (var allowed in AllowedNetworks)
        {
            if (Contains(allowed, address))
            {
                return NetworkDecision.Allow;
            }
        }

        foreach (var (network, why) in BuiltInDenied)
        {
            if (Contains(network, address))
            {
                return NetworkDecision.Deny($"{address} is {why}");
            }
        }

        if (!AllowLoopback && Loopback.Any(n => Contains(n, address)))
        {
            return NetworkDecision.Deny($"{address} is a loopback address (the operator's loopback is not the node's)");
        }

        return NetworkDecision.Allow;
    }

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

    /// <summary>True for <c>localhost</c> and loopback literals: the hosts container runtimes allow plain HTTP for.</summary>
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
