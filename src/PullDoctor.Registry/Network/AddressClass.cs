namespace PullDoctor.Registry.Network;

/// <summary>
/// How private an address is, in order: a redirect or token realm may keep a probe in its class or move it to a more
/// public one, never to a more private one. Addresses in the policy's explicitly allowed networks count as
/// <see cref="Public"/>: the operator chose to reach them like the internet.
/// </summary>
public enum AddressClass
{
    /// <summary>The internet, and networks the policy allows explicitly.</summary>
    Public = 0,

    /// <summary>RFC 1918, carrier-grade NAT (100.64.0.0/10), IPv6 unique local (fc00::/7) and site-local.</summary>
    Private = 1,

    /// <summary>169.254.0.0/16 and fe80::/10, where metadata services live.</summary>
    LinkLocal = 2,

    /// <summary>This host: 127.0.0.0/8, ::1, and the unspecified addresses that reach it.</summary>
    Loopback = 3,
}
