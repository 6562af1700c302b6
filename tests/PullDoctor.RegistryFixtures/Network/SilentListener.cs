using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;

namespace PullDoctor.RegistryFixtures;

/// <summary>A TCP listener on 127.0.0.1 that never answers; see <see cref="SilentListenerMode"/>.</summary>
public sealed class SilentListener : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly Socket? _queueFiller;
    private readonly ServerCertificate? _certificate;
    private readonly bool _ownsCertificate;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentBag<IDisposable> _held = [];
    private readonly Task _acceptLoop;
    private int _accepted;

    private SilentListener(SilentListenerMode mode, Socket listener, Socket? queueFiller, ServerCertificate? certificate, bool ownsCertificate)
    {
        Mode = mode;
        _listener = listener;
        _queueFiller = queueFiller;
        _certificate = certificate;
        _ownsCertificate = ownsCertificate;
        Port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        _acceptLoop = mode == SilentListenerMode.NeverAccept ? Task.CompletedTask : AcceptLoopAsync();
    }

    public SilentListenerMode Mode { get; }

    public int Port { get; }

    /// <summary><c>127.0.0.1:PORT</c>.</summary>
    public string Host => $"127.0.0.1:{Port}";

    /// <summary>Connections accepted so far (always 0 for <see cref="SilentListenerMode.NeverAccept"/>).</summary>
    public int AcceptedConnections => Volatile.Read(ref _accepted);

    /// <summary>Starts listening. <see cref="SilentListenerMode.TlsHandshakeThenSilent"/> uses
    /// <paramref name="certificate"/>, or a valid one from the shared test CA.</summary>
    public static SilentListener Start(SilentListenerMode mode = SilentListenerMode.AcceptAndStaySilent, ServerCertificate? certificate = null)
    {
        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        Socket? filler = null;
        try
        {
            listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            if (mode == SilentListenerMode.NeverAccept)
            {
                // Backlog 0 leaves room for one pending connection; take it ourselves so the queue is full
                // and every client's SYN is dropped from then on.
                listener.Listen(0);
                filler = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                filler.Connect(listener.LocalEndPoint!);
            }
            else
            {
                listener.Listen(512);
            }

            var ownsCertificate = mode == SilentListenerMode.TlsHandshakeThenSilent && certificate is null;
            if (ownsCertificate)
            {
                certificate = TestCertificateAuthority.Shared.IssueServerCertificate();
            }

            return new SilentListener(mode, listener, filler, certificate, ownsCertificate);
        }
        catch
        {
            filler?.Dispose();
            listener.Dispose();
            throw;
        }
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            Interlocked.Increment(ref _accepted);
            _held.Add(client);
            if (Mode == SilentListenerMode.TlsHandshakeThenSilent)
            {
                _ = HandshakeAndHoldAsync(client);
            }
        }
    }

    private async Task HandshakeAndHoldAsync(Socket client)
    {
        var stream = new SslStream(new NetworkStream(client, ownsSocket: false));
        _held.Add(stream);
        try
        {
            await stream.AuthenticateAsServerAsync(
                new SslServerAuthenticationOptions { ServerCertificate = _certificate!.Certificate },
                _stop.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or System.Security.Authentication.AuthenticationException or ObjectDisposedException)
        {
            // The client gave up or did not speak TLS; silence either way.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Dispose();
        await _acceptLoop.ConfigureAwait(false);
        foreach (var held in _held)
        {
            held.Dispose();
        }

        _queueFiller?.Dispose();
        if (_ownsCertificate)
        {
            _certificate?.Dispose();
        }

        _stop.Dispose();
    }
}
