using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PullDoctor.Registry.Caching;
using PullDoctor.Registry.Network;
using PullDoctor.Registry.Probe;

namespace PullDoctor.Registry;

/// <summary>Registers <see cref="IRegistryProbe"/> as the cached, single-flight, per-registry-limited probe.</summary>
public static class RegistryProbeServiceCollectionExtensions
{
    public static IServiceCollection AddRegistryProbe(
        this IServiceCollection services,
        Action<RegistryProbeOptions>? configure = null,
        Action<RegistryProbeCacheOptions>? configureCache = null,
        int permitsPerRegistry = 4)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = new RegistryProbeOptions();
        configure?.Invoke(options);
        var cacheOptions = new RegistryProbeCacheOptions();
        configureCache?.Invoke(cacheOptions);
        services.AddSingleton(options);
        services.AddSingleton(cacheOptions);
        services.AddSingleton(sp => new RegistryProbe(
            options,
            sp.GetService<TimeProvider>() ?? TimeProvider.System,
            sp.GetService<IHostResolver>(),
            sp.GetService<ILogger<RegistryProbe>>()));
        services.AddSingleton(sp => new ConcurrencyLimitedRegistryProbe(sp.GetRequiredService<RegistryProbe>(), permitsPerRegistry, timeProvider: sp.GetService<TimeProvider>()));
        services.AddSingleton(sp => new CachingRegistryProbe(sp.GetRequiredService<ConcurrencyLimitedRegistryProbe>(), cacheOptions, sp.GetService<TimeProvider>()));
        services.AddSingleton<IRegistryProbe>(sp => sp.GetRequiredService<CachingRegistryProbe>());
        return services;
    }
}
