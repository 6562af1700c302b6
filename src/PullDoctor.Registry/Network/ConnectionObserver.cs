using System.Collections.Concurrent;

namespace PullDoctor.Registry.Network;

/// <summary>
/// One probe's view of its connections: per endpoint (host:port) what the server sent first, and the last TLS
/// certificate failure. One per probe (each probe has its own handler), so no other probe's traffic mixes in.
/// </summary>
internal sealed class ConnectionObserver
{
    private readonly ConcurrentDictionary<string, EndpointObservation> _endpoints = new(StringComparer.OrdinalIgnoreCase);

    public TlsFailure? LastTlsFailure { get; private set; }

    public EndpointObservation For(string host, int port) => _endpoints.GetOrAdd(Key(host, port), _ => new EndpointObservation());

    public EndpointObservation? Find(string host, int port) => _endpoints.TryGetValue(Key(host, port), out var o) ? o : null;

    public void RecordTlsFailure(TlsFailure failure) => LastTlsFailure = failure;

    public TlsFailure? TlsFailureFor(string host) =>
        LastTlsFailure is { } failure && string.Equals(failure.Host, host.Trim('[', ']'), StringComparison.OrdinalIgnoreCase) ? failure : null;

    private static string Key(string host, int port) => $"{host.Trim('[', ']')}:{port}";
}
