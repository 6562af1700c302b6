namespace PullDoctor.RegistryFixtures;

/// <summary>A port on 127.0.0.1 where nothing listens, so connecting is refused (RST) at once.</summary>
public static class RefusedPort
{
    /// <summary>Binds a free port, reads it and closes it again. Returns the now closed port.</summary>
    public static int Allocate() => FreePort.Next();

    /// <summary><c>127.0.0.1:PORT</c> for a fresh refused port.</summary>
    public static string AllocateHost() => $"127.0.0.1:{Allocate()}";
}
