using System.Net.Sockets;
using Grpc.Core;
using Grpc.Net.Client;
using PullDoctor.Runtime.Tests.Cri.V1;

namespace PullDoctor.Runtime.Tests.Cri;

/// <summary>
/// The kubelet's side of the CRI ImageService over containerd's unix socket: the error text a failed
/// <c>PullImage</c> returns here is exactly what the kubelet receives and puts into Events.
/// </summary>
internal sealed class CriImageClient : IDisposable
{
    private readonly GrpcChannel _channel;
    private readonly ImageService.ImageServiceClient _client;

    private CriImageClient(GrpcChannel channel)
    {
        _channel = channel;
        _client = new ImageService.ImageServiceClient(channel);
    }

    public static CriImageClient Connect(string socketPath)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken).ConfigureAwait(false);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };

        // The authority is irrelevant on a unix socket; gRPC needs some http:// address for h2c.
        var channel = GrpcChannel.ForAddress("http://containerd", new GrpcChannelOptions { HttpHandler = new ServerDeadlineHandler(handler), DisposeHttpClient = true });
        return new CriImageClient(channel);
    }

    /// <summary>
    /// PullImage as the kubelet sends it (pull-secret credentials in <c>AuthConfig</c>).
    /// <paramref name="serverDeadline"/> is sent as the request's <c>grpc-timeout</c> only (see
    /// <see cref="ServerDeadlineHandler"/>), so containerd
    /// gives up on its own and returns its own wording instead of a client-side "deadline exceeded".
    /// </summary>
    public async Task<CriPullOutcome> PullAsync(
        string image,
        CriCredentials? credentials,
        TimeSpan? serverDeadline,
        TimeSpan clientTimeout,
        CancellationToken cancellationToken)
    {
        var request = new PullImageRequest { Image = new ImageSpec { Image = image } };
        if (credentials is not null)
        {
            request.Auth = new AuthConfig
            {
                Username = credentials.Username,
                Password = credentials.Password,
            };
        }

        Metadata? headers = null;
        if (serverDeadline is { } deadline)
        {
            headers = new Metadata { { ServerDeadlineHandler.HeaderName, $"{(long)deadline.TotalMilliseconds}m" } };
        }

        // No client deadline: Grpc.Net.Client would send it as grpc-timeout in place of ours and end the
        // call itself. The client-side bound is a plain cancellation that only guards against a hang.
        using var guard = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        guard.CancelAfter(clientTimeout);
        try
        {
            var response = await _client.PullImageAsync(request, new CallOptions(headers: headers, cancellationToken: guard.Token)).ConfigureAwait(false);
            return CriPullOutcome.Success(response.ImageRef);
        }
        catch (RpcException e) when (!guard.IsCancellationRequested)
        {
            return CriPullOutcome.Failure(e.StatusCode.ToString(), e.Status.Detail);
        }
        catch (RpcException e)
        {
            throw new TimeoutException($"containerd did not answer PullImage {image} within {clientTimeout.TotalSeconds:0} s", e);
        }
    }

    /// <summary>True when the runtime has the image (ImageStatus returns an image).</summary>
    public async Task<bool> IsPresentAsync(string image, CancellationToken cancellationToken)
    {
        var response = await _client.ImageStatusAsync(
            new ImageStatusRequest { Image = new ImageSpec { Image = image } },
            cancellationToken: cancellationToken).ConfigureAwait(false);
        return response.Image is not null;
    }

    public async Task RemoveAsync(string image, CancellationToken cancellationToken) =>
        await _client.RemoveImageAsync(
            new RemoveImageRequest { Image = new ImageSpec { Image = image } },
            cancellationToken: cancellationToken).ConfigureAwait(false);

    public void Dispose() => _channel.Dispose();
}
