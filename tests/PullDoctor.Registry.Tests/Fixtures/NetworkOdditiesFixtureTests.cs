using System.Net;
using System.Net.Sockets;
using PullDoctor.RegistryFixtures;

namespace PullDoctor.Registry.Tests.Fixtures;

[TestFixture]
[Parallelizable(ParallelScope.Self)]
public sealed class NetworkOdditiesFixtureTests
{
    private static readonly TimeSpan ShortTimeout = TimeSpan.FromMilliseconds(300);

    [Test]
    public void RefusedPort_Connect_IsRefused()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

        var error = Assert.Throws<SocketException>(() => socket.Connect(IPAddress.Loopback, RefusedPort.Allocate()));

        Assert.That(error!.SocketErrorCode, Is.EqualTo(SocketError.ConnectionRefused));
    }

    [Test]
    public async Task SilentListener_AcceptAndStaySilent_HttpResponseTimesOutAfterConnecting()
    {
        await using var listener = SilentListener.Start(SilentListenerMode.AcceptAndStaySilent);
        using var client = TestHttpClients.Create(timeout: ShortTimeout);

        Assert.ThrowsAsync<TaskCanceledException>(() => client.GetAsync(new Uri($"http://{listener.Host}/v2/")));

        Assert.That(listener.AcceptedConnections, Is.EqualTo(1));
    }

    [Test]
    public async Task SilentListener_TlsHandshakeThenSilent_HttpsResponseTimesOut()
    {
        await using var listener = SilentListener.Start(SilentListenerMode.TlsHandshakeThenSilent);
        using var client = TestHttpClients.Create(TestCertificateAuthority.Shared.Certificate, ShortTimeout);

        Assert.ThrowsAsync<TaskCanceledException>(() => client.GetAsync(new Uri($"https://{listener.Host}/v2/")));

        Assert.That(listener.AcceptedConnections, Is.EqualTo(1));
    }

    [Test]
    public async Task SilentListener_NeverAccept_ConnectTimesOut()
    {
        await using var listener = SilentListener.Start(SilentListenerMode.NeverAccept);
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        using var timeout = new CancellationTokenSource(ShortTimeout);

        Assert.CatchAsync<OperationCanceledException>(async () => await socket.ConnectAsync(IPAddress.Loopback, listener.Port, timeout.Token));
    }

    [Test]
    public void UnresolvableHost_Resolve_FailsWithHostNotFound()
    {
        var error = Assert.CatchAsync<SocketException>(() => Dns.GetHostAddressesAsync(UnresolvableHost.Unique()));

        Assert.That(error!.SocketErrorCode, Is.EqualTo(SocketError.HostNotFound));
    }
}
