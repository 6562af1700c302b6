using Microsoft.Extensions.Logging;
using PullDoctor.Registry.Probe;

namespace PullDoctor.Registry.Caching;

/// <summary>
/// The one way PullDoctor puts a probe together, for the operator and every command: the probe, at most
/// <see cref="PermitsPerRegistry"/> requests at a time per registry (a burst of stuck pods must not hammer one
/// registry), and a single-flight cache in front (a thousand pods of one image cost one probe).
/// </summary>
public static class RegistryProbes
{
    public const int PermitsPerRegistry = 4;

    public static ComposedRegistryProbe Create(RegistryProbeOptions options, TimeProvider time, ILogger<RegistryProbe>? logger = null, RegistryProbeCacheOptions? cache = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        var limited = new ConcurrencyLimitedRegistryProbe(new RegistryProbe(options, time, logger: logger), PermitsPerRegistry, timeProvider: time);
        var cached = new CachingRegistryProbe(limited, cache ?? new RegistryProbeCacheOptions(), time);
        return new ComposedRegistryProbe(cached, limited);
    }
}

/// <summary>The composed probe; disposing it disposes the cache and the limiter.</summary>
public sealed class ComposedRegistryProbe : IRegistryProbe, IDisposable
{
    private readonly CachingRegistryProbe _front;
    private readonly ConcurrencyLimitedRegistryProbe _limiter;

    internal ComposedRegistryProbe(CachingRegistryProbe front, ConcurrencyLimitedRegistryProbe limiter)
    {
        _front = front;
        _limiter = limiter;
    }

    public Task<ProbeResult> ProbeAsync(ProbeRequest request, CancellationToken cancellationToken = default) => _front.ProbeAsync(request, cancellationToken);

    public void Dispose()
    {
        _front.Dispose();
        _limiter.Dispose();
    }
}
