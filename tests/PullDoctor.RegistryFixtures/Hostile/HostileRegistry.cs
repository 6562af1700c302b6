using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;

namespace PullDoctor.RegistryFixtures.Hostile;

/// <summary>
/// A registry that lies: a small HTTP/1.1 server on a loopback address (127.0.0.1 unless told otherwise, e.g.
/// 127.0.0.2) where each test scripts the answer per path — status, headers, body, endless or huge bodies,
/// redirects, silence — and which records every request with its headers (Authorization included) and body.
/// One request per connection (<c>Connection: close</c>), so every request is seen as sent. With a
/// <see cref="ServerCertificate"/> it speaks HTTPS. It may also listen on another address of this machine (e.g. the
/// address of eth0) to stand for a host that is not loopback; it never listens on all addresses.
/// </summary>
public sealed class HostileRegistry : IAsyncDisposable
{
    private const int MaxHeadBytes = 64 * 1024;
    private const int MaxRequestBodyBytes = 1024 * 1024;

    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private readonly List<(string Pattern, Func<RecordedRequest, HostileResponse> Answer)> _routes = [];
    private readonly ConcurrentBag<Task> _connections = [];
    private readonly SemaphoreSlim _arrived = new(0);
    private readonly Task _acceptLoop;
    private readonly ServerCertificate? _certificate;
    private long _bodyBytesSent;

    private HostileRegistry(IPAddress address, ServerCertificate? certificate)
    {
        _certificate = certificate;
        _listener = new TcpListener(address, 0);
        _listener.Start();
        Address = address;
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _acceptLoop = AcceptLoopAsync();
    }

    /// <summary>
    /// Listens on <paramref name="address"/> (127.0.0.1 by default; a single address of this machine, never
    /// 0.0.0.0), on a free port; over TLS with <paramref name="certificate"/>.
    /// </summary>
    public static HostileRegistry Start(IPAddress? address = null, ServerCertificate? certificate = null)
    {
        address ??= IPAddress.Loopback;
        if (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
        {
            throw new ArgumentException("a hostile registry listens on one address, never on all of them", nameof(address));
        }

        return new HostileRegistry(address, certificate);
    }

    /// <summary>An IPv4 address of this machine that is not loopback (e.g. eth0's), or null when it has none.</summary>
    public static IPAddress? NonLoopbackAddressOfThisMachine() =>
        System.Net.NetworkInformation.NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == System.Net.NetworkInformation.OperationalStatus.Up)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a));

    public IPAddress Address { get; }

    public int Port { get; }

    /// <summary><c>127.0.0.1:PORT</c>, as written in image references.</summary>
    public string Host => $"{Address}:{Port}";

    public bool UsesTls => _certificate is not null;

    public Uri BaseUri => new($"{(UsesTls ? "https" : "http")}://{Host}/");

    /// <summary>Body bytes written so far over all answers (to show a client stopped reading an endless body).</summary>
    public long BodyBytesSent => Interlocked.Read(ref _bodyBytesSent);

    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    /// <summary>
    /// Answers requests whose path (without query) is <paramref name="path"/>, or starts with it when it ends in
    /// <c>*</c>. The latest matching route wins; unmatched paths get 404 with an empty body.
    /// </summary>
    public HostileRegistry On(string path, HostileResponse response) => On(path, _ => response);

    public HostileRegistry On(string path, Func<RecordedRequest, HostileResponse> answer)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(answer);
        lock (_routes)
        {
            _routes.Add((path, answer));
        }

        return this;
    }

    /// <summary>Waits, bounded, until a request matching <paramref name="match"/> has arrived; null when none did in time.</summary>
    public async Task<RecordedRequest?> WaitForRequestAsync(Func<RecordedRequest, bool> match, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(match);
        using var deadline = new CancellationTokenSource(timeout);
        while (true)
        {
            if (_requests.FirstOrDefault(match) is { } found)
            {
                return found;
            }

            try
            {
                await _arrived.WaitAsync(deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return _requests.FirstOrDefault(match);
            }
        }
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _connections.Add(ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                Stream stream = client.GetStream();
                if (_certificate is not null)
                {
                    var tls = new SslStream(stream, leaveInnerStreamOpen: false);
                    await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = _certificate.Certificate }, _stop.Token).ConfigureAwait(false);
                    stream = tls;
                }

                await using var owned = stream.ConfigureAwait(false);
                var request = await ReadRequestAsync(stream, _stop.Token).ConfigureAwait(false);
                if (request is null)
                {
                    return;
                }

                _requests.Enqueue(request);
                _arrived.Release();
                await WriteAsync(stream, Answer(request), _stop.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException or System.Security.Authentication.AuthenticationException)
            {
                // The client went away (as it should, from an endless body) or the fixture stopped.
            }
        }
    }

    private HostileResponse Answer(RecordedRequest request)
    {
        lock (_routes)
        {
            for (var i = _routes.Count - 1; i >= 0; i--)
            {
                var (pattern, answer) = _routes[i];
                var matches = pattern.EndsWith('*')
                    ? request.Path.StartsWith(pattern[..^1], StringComparison.Ordinal)
                    : string.Equals(request.Path, pattern, StringComparison.Ordinal);
                if (matches)
                {
                    return answer(request);
                }
            }
        }

        return new HostileResponse { Status = 404 };
    }

    private static async Task<RecordedRequest?> ReadRequestAsync(Stream stream, CancellationToken cancellationToken)
    {
        var received = new List<byte>();
        var buffer = new byte[4096];
        int headEnd;
        while ((headEnd = IndexOfHeadEnd(received)) < 0)
        {
            if (received.Count > MaxHeadBytes)
            {
                return null;
            }

            var read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return null;
            }

            received.AddRange(buffer.AsSpan(0, read));
        }

        var head = Encoding.Latin1.GetString([.. received.Take(headEnd)]);
        var lines = head.Split("\r\n");
        var requestLine = lines[0].Split(' ');
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                var name = line[..colon].Trim();
                var value = line[(colon + 1)..].Trim();
                headers[name] = headers.TryGetValue(name, out var earlier) ? earlier + ", " + value : value;
            }
        }

        var body = received.Skip(headEnd + 4).ToList();
        if (headers.TryGetValue("Content-Length", out var lengthText) && int.TryParse(lengthText, NumberStyles.None, CultureInfo.InvariantCulture, out var length))
        {
            length = Math.Min(length, MaxRequestBodyBytes);
            while (body.Count < length)
            {
                var read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                body.AddRange(buffer.AsSpan(0, read));
            }
        }

        return new RecordedRequest(requestLine[0], requestLine.Length > 1 ? requestLine[1] : "/", headers, Encoding.UTF8.GetString([.. body]));
    }

    private static int IndexOfHeadEnd(List<byte> bytes)
    {
        for (var i = 0; i + 3 < bytes.Count; i++)
        {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n' && bytes[i + 2] == '\r' && bytes[i + 3] == '\n')
            {
                return i;
            }
        }

        return -1;
    }

    private async Task WriteAsync(Stream stream, HostileResponse response, CancellationToken cancellationToken)
    {
        if (response.Kind == HostileBodyKind.Silent)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
            return;
        }

        var head = new StringBuilder();
        head.Append(CultureInfo.InvariantCulture, $"HTTP/1.1 {response.Status} {response.Reason ?? DefaultReason(response.Status)}\r\n");
        foreach (var (name, value) in response.Headers)
        {
            head.Append(CultureInfo.InvariantCulture, $"{name}: {value}\r\n");
        }

        switch (response.Kind)
        {
            case HostileBodyKind.Fixed:
                head.Append(CultureInfo.InvariantCulture, $"Content-Length: {response.Body.Length}\r\n");
                break;
            case HostileBodyKind.Huge:
                head.Append(CultureInfo.InvariantCulture, $"Content-Length: {response.HugeLength}\r\n");
                break;
        }

        head.Append("Connection: close\r\n\r\n");
        await stream.WriteAsync(Encoding.UTF8.GetBytes(head.ToString()), cancellationToken).ConfigureAwait(false);
        switch (response.Kind)
        {
            case HostileBodyKind.Fixed:
                await SendAsync(stream, response.Body, cancellationToken).ConfigureAwait(false);
                break;
            case HostileBodyKind.Huge:
                await SendRepeatedAsync(stream, response.Body, response.HugeLength, cancellationToken).ConfigureAwait(false);
                break;
            case HostileBodyKind.Endless:
                await SendRepeatedAsync(stream, response.Body, long.MaxValue, cancellationToken).ConfigureAwait(false);
                break;
        }
    }

    // Huge and endless bodies: Body is "prefix\0chunk" (Huge) or just the chunk (Endless); the chunk repeats.
    private async Task SendRepeatedAsync(Stream stream, ReadOnlyMemory<byte> body, long length, CancellationToken cancellationToken)
    {
        var separator = body.Span.IndexOf((byte)0);
        var prefix = separator < 0 ? ReadOnlyMemory<byte>.Empty : body[..separator];
        var chunk = separator < 0 ? body : body[(separator + 1)..];
        var block = new byte[64 * 1024];
        for (var i = 0; i < block.Length; i++)
        {
            block[i] = chunk.Span[i % chunk.Length];
        }

        var sent = 0L;
        if (!prefix.IsEmpty)
        {
            var first = prefix[..(int)Math.Min(prefix.Length, length)];
            await SendAsync(stream, first, cancellationToken).ConfigureAwait(false);
            sent += first.Length;
        }

        while (sent < length)
        {
            var size = (int)Math.Min(block.Length, length - sent);
            await SendAsync(stream, block.AsMemory(0, size), cancellationToken).ConfigureAwait(false);
            sent += size;
        }
    }

    private async Task SendAsync(Stream stream, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        await stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
        Interlocked.Add(ref _bodyBytesSent, bytes.Length);
    }

    private static string DefaultReason(int status) => status switch
    {
        200 => "OK",
        301 => "Moved Permanently",
        302 => "Found",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        _ => "Status",
    };

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Stop();
        await _acceptLoop.ConfigureAwait(false);
        await Task.WhenAll(_connections).ConfigureAwait(false);
        _stop.Dispose();
        _arrived.Dispose();
    }
}
