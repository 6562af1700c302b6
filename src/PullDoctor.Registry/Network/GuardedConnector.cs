using System.Net;
using System.Net.Sockets;

namespace PullDoctor.Registry.Network;

/// <summary>
/// The probe's <see cref="SocketsHttpHandler.ConnectCallback"/>: resolves the name itself, vets every address with
/// the <see cref="NetworkPolicy"/> (so a name that resolves to a metadata address is refused before any packet is
/// sent to it), connects with its own timeout, and classifies failures precisely.
/// </summary>
internal sealed class GuardedConnector(
    NetworkPolicy policy,
    IHostResolver resolver,
    ConnectionObserver observer,
    TimeSpan dnsTimeout,
    TimeSpan connectTimeout,
    TimeProvider timeProvider)
{
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var port = context.DnsEndPoint.Port;
        var addresses = await ResolveAsync(host, port, cancellationToken);
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
