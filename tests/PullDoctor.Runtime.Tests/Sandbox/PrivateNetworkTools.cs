namespace PullDoctor.Runtime.Tests.Sandbox;

/// <summary>Paths of the tools the namespace setup runs.</summary>
internal static class PrivateNetworkTools
{
    public static string Ip => File.Exists("/usr/sbin/ip") ? "/usr/sbin/ip" : "/sbin/ip";
}
