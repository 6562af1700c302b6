using System.Net;

namespace PullDoctor.Registry.Network;

/// <summary>The operating system's resolver (getaddrinfo: /etc/hosts, then DNS).</summary>
public sealed class SystemHostResolver : IHostResolver
{
    public static SystemHostResolver Instance { get; } = new();

    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken) =>
        Dns.GetHostAddressesAsync(host, cancellationToken);
}
