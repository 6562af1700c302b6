namespace PullDoctor.Registry.Network;

/// <summary>A connect failure the probe classified itself; its message names hosts and addresses only.</summary>
internal sealed class RegistryConnectException(ConnectFailureKind kind, string host, int port, string detail, Exception? inner = null)
    : IOException(detail, inner)
{
    public ConnectFailureKind Kind { get; } = kind;

    public string Host { get; } = host;

    public int Port { get; } = port;
}
