using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using PullDoctor.Core.References;
using PullDoctor.Registry.Credentials;
using PullDoctor.Registry.Network;
using PullDoctor.Registry.Probe;

namespace PullDoctor.Security.Tests.Support;

/// <summary>Runs the real probe, through its public API, against hostile registries on this machine.</summary>
internal static class AttackProbe
{
    public static RegistryProbeOptions Options(NetworkPolicy? policy = null)
    {
        return new RegistryProbeOptions
        {
            NetworkPolicy = policy ?? NetworkPolicy.CommandLine,
            DnsTimeout = TimeSpan.FromSeconds(3),
            ConnectTimeout = TimeSpan.FromSeconds(2),
            ResponseTimeout = TimeSpan.FromSeconds(5),
            ProbeTimeout = TimeSpan.FromSeconds(30),
        };
    }

    public static Task<ProbeResult> RunAsync(string image, RegistryProbeOptions options, IHostResolver? resolver = null, RegistryCredential? credential = null, string? platform = null)
    {
        var reference = ImageReference.Parse(image).Reference ?? throw new ArgumentException($"bad reference {image}");
        var wanted = platform is null ? null : Platform.TryParse(platform, out var p) ? p : throw new ArgumentException(platform);
        return new RegistryProbe(options, resolver: resolver ?? new NameMap()).ProbeAsync(new ProbeRequest(reference, credential, wanted));
    }

    /// <summary>Every piece of text the result carries, as the operator's status and the CLI's JSON would show it.</summary>
    public static string Everything(ProbeResult result) => JsonSerializer.Serialize(result);

    public static string Explain(ProbeResult result) =>
        $"{result.Verdict} {result.Cause}: {result.Detail}\n  " + string.Join("\n  ", result.Steps);
}

/// <summary>A private /etc/hosts: mapped names only; every other name does not exist, so no test ever leaves this machine.</summary>
internal sealed class NameMap(params (string Name, string Address)[] entries) : IHostResolver
{
    private readonly Dictionary<string, IPAddress[]> _map = entries
        .GroupBy(e => e.Name, StringComparer.OrdinalIgnoreCase)
        .ToDictionary(g => g.Key, g => g.Select(e => IPAddress.Parse(e.Address)).ToArray(), StringComparer.OrdinalIgnoreCase);

    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken) =>
        _map.TryGetValue(host, out var addresses)
            ? Task.FromResult(addresses)
            : Task.FromException<IPAddress[]>(new SocketException((int)SocketError.HostNotFound));
}
