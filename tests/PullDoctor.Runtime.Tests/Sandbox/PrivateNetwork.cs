using PullDoctor.RegistryFixtures;

namespace PullDoctor.Runtime.Tests.Sandbox;

/// <summary>
/// Inside the namespaces <c>unshare --net --mount</c> made: brings loopback up and bind-mounts a private
/// /etc/hosts (test host names → 127.0.0.1) and /etc/resolv.conf (our NXDOMAIN server on 127.0.0.1). The
/// host's files are never touched: the mounts exist only in this mount namespace and vanish with it.
/// </summary>
internal static class PrivateNetwork
{
    /// <summary>Set by the test to its own namespace ids, so the runner can prove it is somewhere else.</summary>
    public const string HostNamespacesVariable = "PULLDOCTOR_HOST_NAMESPACES";

    public static string CurrentNamespaces() =>
        $"{Link("/proc/self/ns/net")} {Link("/proc/self/ns/mnt")}";

    /// <summary>Throws unless both the network and the mount namespace differ from the test's.</summary>
    public static void EnsureIsolated()
    {
        var host = Environment.GetEnvironmentVariable(HostNamespacesVariable)
            ?? throw new InvalidOperationException($"{HostNamespacesVariable} is not set: the runner must be started by the tests under unshare.");
        var hostParts = host.Split(' ');
        var ours = CurrentNamespaces().Split(' ');
        if (hostParts.Length != 2 || hostParts[0] == ours[0] || hostParts[1] == ours[1])
        {
            throw new InvalidOperationException($"Refusing to change /etc/hosts: not in private network and mount namespaces (host {host}, ours {string.Join(' ', ours)}).");
        }
    }

    public static async Task SetUpAsync(TempDirectory directory, IEnumerable<string> hostNames, CancellationToken cancellationToken)
    {
        EnsureIsolated();
        await RunAsync(PrivateNetworkTools.Ip, ["link", "set", "lo", "up"], cancellationToken).ConfigureAwait(false);

        var hosts = directory.File("hosts");
        await File.WriteAllTextAsync(
            hosts,
            "127.0.0.1 localhost\n::1 localhost\n127.0.0.1 " + string.Join(' ', hostNames) + "\n",
            cancellationToken).ConfigureAwait(false);
        var resolv = directory.File("resolv.conf");
        await File.WriteAllTextAsync(resolv, "nameserver 127.0.0.1\noptions timeout:2 attempts:1\n", cancellationToken).ConfigureAwait(false);

        // /etc/resolv.conf may be a symlink; a bind mount over it covers its target, in this namespace only.
        await RunAsync("mount", ["--bind", hosts, "/etc/hosts"], cancellationToken).ConfigureAwait(false);
        await RunAsync("mount", ["--bind", resolv, "/etc/resolv.conf"], cancellationToken).ConfigureAwait(false);
    }

    private static async Task RunAsync(string program, string[] arguments, CancellationToken cancellationToken)
    {
        var path = Resolve(program);
        await CommandRunner.RunCheckedAsync(path, arguments, TimeSpan.FromSeconds(10), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Finds a program in the usual sbin/bin directories (PATH of a test host may lack sbin).</summary>
    public static string Resolve(string program)
    {
        foreach (var directory in new[] { "/usr/sbin", "/usr/bin", "/sbin", "/bin" })
        {
            var candidate = Path.Combine(directory, program);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"{program} was not found in /usr/sbin, /usr/bin, /sbin or /bin.", program);
    }

    private static string Link(string path)
    {
        var target = File.ResolveLinkTarget(path, returnFinalTarget: false);
        return target?.ToString() ?? new FileInfo(path).LinkTarget ?? "unknown";
    }
}
