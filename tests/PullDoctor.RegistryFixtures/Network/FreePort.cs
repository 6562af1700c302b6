using System.Net;
using System.Net.Sockets;

namespace PullDoctor.RegistryFixtures;

/// <summary>Finds a TCP port on 127.0.0.1 that nothing listens on at the moment of the call.</summary>
public static class FreePort
{
    /// <summary>
    /// Binds port 0, reads the port the kernel chose and closes the socket. Another process may take the port
    /// before our child binds it; fixtures that start servers retry on "address already in use".
    /// </summary>
    public static int Next()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
