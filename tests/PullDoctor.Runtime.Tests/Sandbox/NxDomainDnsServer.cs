using System.Net;
using System.Net.Sockets;

namespace PullDoctor.Runtime.Tests.Sandbox;

/// <summary>
/// A DNS server on 127.0.0.1:53 (UDP) that answers every question with NXDOMAIN, so a name that is not
/// in the private /etc/hosts (e.g. <c>*.invalid</c>) fails the way it does on a real node: Go's
/// "lookup X on 127.0.0.1:53: no such host". Nothing leaves the namespace.
/// </summary>
internal sealed class NxDomainDnsServer : IAsyncDisposable
{
    private const int NameError = 3;
    private readonly UdpClient _socket;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _answered;

    private NxDomainDnsServer(UdpClient socket)
    {
        _socket = socket;
        _loop = LoopAsync();
    }

    public int Answered => Volatile.Read(ref _answered);

    public static NxDomainDnsServer Start() => new(new UdpClient(new IPEndPoint(IPAddress.Loopback, 53)));

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            UdpReceiveResult received;
            try
            {
                received = await _socket.ReceiveAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            if (Answer(received.Buffer) is { } answer)
            {
                Interlocked.Increment(ref _answered);
                await _socket.SendAsync(answer, received.RemoteEndPoint, _stop.Token).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Header with QR, the query's opcode and RD, RA and RCODE=NXDOMAIN; the question echoed.</summary>
    internal static byte[]? Answer(byte[] query)
    {
        if (query.Length < 12)
        {
            return null;
        }

        var questions = (query[4] << 8) | query[5];
        var end = 12;
        for (var q = 0; q < questions; q++)
        {
            while (end < query.Length && query[end] != 0)
            {
                end += query[end] + 1;
            }

            end += 1 + 4; // the root label, QTYPE and QCLASS
            if (end > query.Length)
            {
                return null;
            }
        }

        var answer = new byte[end];
        Array.Copy(query, answer, end);
        answer[2] = (byte)(0x80 | (query[2] & 0x79)); // QR, opcode, RD
        answer[3] = 0x80 | NameError;                   // RA, RCODE
        answer[6] = answer[7] = answer[8] = answer[9] = answer[10] = answer[11] = 0;
        return answer;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _socket.Dispose();
        await _loop.ConfigureAwait(false);
        _stop.Dispose();
    }
}
