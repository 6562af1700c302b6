using System.Net;
using System.Net.Sockets;

namespace PullDoctor.Registry.Network;

/// <summary>
/// The IPv4 address an IPv6 address carries, so every rule sees through the disguise: IPv4-mapped (<c>::ffff:a.b.c.d</c>),
/// IPv4-compatible (<c>::a.b.c.d</c>), NAT64 (<c>64:ff9b::/96</c> and the local-use <c>64:ff9b:1::/48</c>, RFC 8215) and
/// 6to4 (<c>2002:AABB:CCDD::/48</c>).
/// </summary>
internal static class EmbeddedIPv4
{
    private static readonly IPNetwork Nat64 = IPNetwork.Parse("64:ff9b::/96");
    private static readonly IPNetwork Nat64LocalUse = IPNetwork.Parse("64:ff9b:1::/48");
    private static readonly IPNetwork Compatible = IPNetwork.Parse("::/96");
    private static readonly IPNetwork SixToFour = IPNetwork.Parse("2002::/16");

    /// <summary>The embedded IPv4 address, or null when <paramref name="address"/> carries none.</summary>
    public static IPAddress? Of(IPAddress address)
    {
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return null;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4();
        }

        var bytes = address.GetAddressBytes();
        if (Nat64.Contains(address) || Nat64LocalUse.Contains(address))
        {
            return new IPAddress(bytes.AsSpan(12, 4));
        }

        // ::/96 holds :: and ::1 themselves, which are IPv6 addresses in their own right, not IPv4 ones.
        if (Compatible.Contains(address) && !address.Equals(IPAddress.IPv6Any) && !address.Equals(IPAddress.IPv6Loopback))
        {
            return new IPAddress(bytes.AsSpan(12, 4));
        }

        return SixToFour.Contains(address) ? new IPAddress(bytes.AsSpan(2, 4)) : null;
    }

    /// <summary>The address itself and, when it carries one, its IPv4 address.</summary>
    public static IPAddress[] Forms(IPAddress address) => Of(address) is { } v4 ? [address, v4] : [address];
}
