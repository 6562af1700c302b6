using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace PullDoctor.Registry.Network;

/// <summary>
/// The probe's <see cref="SocketsHttpHandler.ConnectCallback"/>: resolves the name itself, vets every address with
/// the <see cref="NetworkPolicy"/> (so a name that resolves to a metadata address is refused before any packet is
/// sent to it), connects with its own timeout, and classifies failures precisely.
/// One connector serves one probe, which starts at <c>originHost</c> (the registry): each name is resolved once and
/// pinned for the probe, so what was decided about a name (credentials over plain HTTP only to loopback, the address
/// class) is what the connection gets; and every other host (redirect targets, token realms) must be no more private
/// than the registry (<see cref="NetworkPolicy.EvaluateHop"/>).
/// </summary>
internal sealed class GuardedConnector(
    NetworkPolicy policy,
    IHostResolver resolver,
    ConnectionObserver observer,
    TimeSpan dnsTimeout,
    TimeSpan connectTimeout,
    TimeProvider timeProvider,
    string originHost)
{
    private readonly ConcurrentDictionary<string, Lazy<Task<IPAddress[]>>> _pinned = new(StringComparer.Ordinal);
    private readonly string _origin = Normalize(originHost);

    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var port = context.DnsEndPoint.Port;
        var addresses = await AddressesAsync(host, port, cancellationToken);
        var observation = observer.For(host, port);

        RegistryConnectException? last = null;
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                using var timeout = new CancellationTokenSource(connectTimeout, timeProvider);
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
                try
                {
                    await socket.ConnectAsync(new IPEndPoint(address, port), linked.Token);
                }
                catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
                {
                    throw new RegistryConnectException(ConnectFailureKind.ConnectTimeout, host, port, $"connecting to {Endpoint(address, port)} timed out after {connectTimeout.TotalSeconds:0.###} s");
                }

                observation.RemoteAddress = Endpoint(address, port);
                observation.TcpConnected = true;
                return new ObservingStream(new NetworkStream(socket, ownsSocket: true), observation);
            }
            catch (SocketException ex)
            {
                socket.Dispose();
                last = ex.SocketErrorCode switch
                {
                    SocketError.ConnectionRefused => new RegistryConnectException(ConnectFailureKind.Refused, host, port, $"connection to {Endpoint(address, port)} refused", ex),
                    SocketError.TimedOut => new RegistryConnectException(ConnectFailureKind.ConnectTimeout, host, port, $"connecting to {Endpoint(address, port)} timed out", ex),
                    SocketError.NetworkUnreachable or SocketError.HostUnreachable or SocketError.HostDown =>
                        new RegistryConnectException(ConnectFailureKind.Unreachable, host, port, $"no route to {Endpoint(address, port)} ({ex.SocketErrorCode})", ex),
                    _ => new RegistryConnectException(ConnectFailureKind.Other, host, port, $"connecting to {Endpoint(address, port)} failed: {ex.SocketErrorCode}", ex),
                };
            }
            catch (RegistryConnectException ex)
            {
                socket.Dispose();
                last = ex;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        throw last ?? new RegistryConnectException(ConnectFailureKind.Other, host, port, $"{host} has no address to connect to");
    }

    /// <summary>The vetted addresses of <paramref name="host"/> for this probe: resolved once, then pinned.</summary>
    public Task<IPAddress[]> AddressesAsync(string host, int port, CancellationToken cancellationToken)
    {
        var name = Normalize(host);
        return _pinned.GetOrAdd(name, key => new Lazy<Task<IPAddress[]>>(() => VetAsync(key, port, cancellationToken))).Value;
    }

    /// <summary>True when every address <paramref name="host"/> resolves to (for this probe) is loopback: the bytes stay on this machine.</summary>
    public async Task<bool> IsOnThisMachineAsync(string host, int port, CancellationToken cancellationToken)
    {
        try
        {
            var addresses = await AddressesAsync(host, port, cancellationToken);
            return addresses.All(NetworkPolicy.IsLoopbackAddress);
        }
        catch (RegistryConnectException)
        {
            return false;
        }
    }

    private static string Normalize(string host) => host.Trim('[', ']').TrimEnd('.').ToLowerInvariant();

    private async Task<IPAddress[]> VetAsync(string host, int port, CancellationToken cancellationToken)
    {
        var resolved = await ResolveAsync(host, port, cancellationToken);
        if (host == _origin)
        {
            return resolved;
        }

        // Strictest reading of a registry with addresses in several classes: its most public one.
        AddressClass origin;
        try
        {
            origin = (await AddressesAsync(_origin, port, cancellationToken)).Min(policy.Classify);
        }
        catch (RegistryConnectException)
        {
            origin = AddressClass.Public;
        }

        var permitted = new List<IPAddress>();
        string? firstReason = null;
        foreach (var address in resolved)
        {
            var decision = policy.EvaluateHop(origin, address);
            if (decision.Allowed)
            {
                permitted.Add(address);
            }
            else
            {
                firstReason ??= decision.Reason;
            }
        }

        return permitted.Count > 0
            ? [.. permitted]
            : throw new RegistryConnectException(ConnectFailureKind.Blocked, host, port, $"refused to connect to {host}: {firstReason}");
    }

    private async Task<IPAddress[]> ResolveAsync(string host, int port, CancellationToken cancellationToken)
    {
        var nameDecision = policy.EvaluateHostName(host);
        if (!nameDecision.Allowed)
        {
            throw new RegistryConnectException(ConnectFailureKind.Blocked, host, port, $"refused to connect to {host}: {nameDecision.Reason}");
        }

        IPAddress[] addresses;
        if (IPAddress.TryParse(host.Trim('[', ']'), out var literal))
        {
            addresses = [literal];
        }
        else
        {
            using var timeout = new CancellationTokenSource(dnsTimeout, timeProvider);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
            try
            {
                addresses = await resolver.ResolveAsync(host, linked.Token).WaitAsync(linked.Token);
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new RegistryConnectException(ConnectFailureKind.DnsTimeout, host, port, $"resolving {host} timed out after {dnsTimeout.TotalSeconds:0.###} s");
            }
            catch (SocketException ex)
            {
                throw new RegistryConnectException(ConnectFailureKind.DnsFailed, host, port, ex.SocketErrorCode switch
                {
                    SocketError.HostNotFound => $"lookup {host}: no such host",
                    SocketError.NoData => $"lookup {host}: no address records",
                    SocketError.TryAgain => $"lookup {host}: temporary DNS failure (server misbehaving or unreachable)",
                    _ => $"lookup {host} failed: {ex.SocketErrorCode}",
                }, ex);
            }
        }

        if (addresses.Length == 0)
        {
            throw new RegistryConnectException(ConnectFailureKind.DnsFailed, host, port, $"lookup {host}: no address records");
        }

        var permitted = new List<IPAddress>();
        string? firstReason = null;
        foreach (var address in addresses)
        {
            var decision = policy.Evaluate(address);
            if (decision.Allowed)
            {
                permitted.Add(address);
            }
            else
            {
                firstReason ??= decision.Reason;
            }
        }

        if (permitted.Count == 0)
        {
            var what = literal is null ? $"{host} resolves to " + string.Join(", ", addresses.Select(a => a.ToString())) + "; " : string.Empty;
            throw new RegistryConnectException(ConnectFailureKind.Blocked, host, port, $"refused to connect to {host}: {what}{firstReason}");
        }

        // IPv4 first: registries on dual-stack names are far more often reachable over IPv4 from a pod.
        return [.. permitted.OrderBy(a => a.AddressFamily == AddressFamily.InterNetwork ? 0 : 1)];
    }

    private static string Endpoint(IPAddress address, int port) =>
        address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{address}]:{port}" : $"{address}:{port}";
}
