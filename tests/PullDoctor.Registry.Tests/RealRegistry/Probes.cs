using System.Net;
using PullDoctor.Core.References;
using PullDoctor.Registry.Credentials;
using PullDoctor.Registry.Network;
using PullDoctor.Registry.Probe;
using PullDoctor.RegistryFixtures;

namespace PullDoctor.Registry.Tests.RealRegistry;

/// <summary>Builds probes for tests: the command line's network policy, short timeouts, optional CA and resolver.</summary>
internal static class Probes
{
    public static RegistryProbeOptions Options(Action<RegistryProbeOptions>? tweak = null)
    {
        var options = new RegistryProbeOptions
        {
            NetworkPolicy = NetworkPolicy.CommandLine,
            DnsTimeout = TimeSpan.FromSeconds(3),
            ConnectTimeout = TimeSpan.FromSeconds(1),
            ResponseTimeout = TimeSpan.FromSeconds(1.5),
            ProbeTimeout = TimeSpan.FromSeconds(20),
        };
        tweak?.Invoke(options);
        return options;
    }

    public static RegistryProbe Create(RegistryProbeOptions? options = null, IHostResolver? resolver = null) =>
        new(options ?? Options(), resolver: resolver);

    public static ProbeRequest Request(string image, RegistryUser? user = null, string? platform = null) => new(
        ImageReference.Parse(image).Reference ?? throw new ArgumentException($"bad reference {image}"),
        user is null ? null : RegistryCredential.FromUsernamePassword(user.Name, user.Password),
        platform is null ? null : Platform.TryParse(platform, out var p) ? p : throw new ArgumentException(platform));

    public static Task<ProbeResult> ProbeAsync(string image, RegistryUser? user = null, string? platform = null, RegistryProbeOptions? options = null, IHostResolver? resolver = null) =>
        Create(options, resolver).ProbeAsync(Request(image, user, platform));

    /// <summary>The evidence, for assertion messages.</summary>
    public static string Explain(ProbeResult result) =>
        $"{result.Verdict} {result.Cause}: {result.Detail}\n  " + string.Join("\n  ", result.Steps);
}

/// <summary>Maps chosen names to addresses (like a private /etc/hosts); everything else goes to the system resolver.</summary>
internal sealed class MapResolver(params (string Name, string Address)[] entries) : IHostResolver
{
    private readonly Dictionary<string, IPAddress[]> _map = entries.ToDictionary(e => e.Name, e => new[] { IPAddress.Parse(e.Address) }, StringComparer.OrdinalIgnoreCase);

    public List<string> Asked { get; } = [];

    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        lock (Asked)
        {
            Asked.Add(host);
        }

        return _map.TryGetValue(host, out var addresses) ? Task.FromResult(addresses) : SystemHostResolver.Instance.ResolveAsync(host, cancellationToken);
    }
}
