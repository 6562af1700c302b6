namespace PullDoctor.Registry.Caching;

/// <summary>How long probe results are shared, and how many are kept.</summary>
public sealed class RegistryProbeCacheOptions
{
    /// <summary>A pullable image stays pullable for a while; re-asking sooner only costs registry quota.</summary>
    public TimeSpan PullableTtl { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>A definite problem (tag missing, auth refused, platform missing) is re-checked after this.</summary>
    public TimeSpan ProblemTtl { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Network failures, 5xx and policy refusals may clear quickly.</summary>
    public TimeSpan TransientTtl { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Upper bound for a rate-limited result: kept until the registry said the limit resets, at most this long.</summary>
    public TimeSpan MaxRateLimitedTtl { get; set; } = TimeSpan.FromMinutes(10);

    public int MaxEntries { get; set; } = 10_000;
}
