namespace PullDoctor.Operator.Queues;

/// <summary>Retry pacing; the defaults are controller-runtime's DefaultTypedControllerRateLimiter.</summary>
internal sealed class RateLimiterOptions
{
    /// <summary>First per-item retry delay; doubles with every consecutive failure of the item.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromMilliseconds(5);

    /// <summary>Cap of the per-item delay.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(1000);

    /// <summary>Overall retry rate across all items.</summary>
    public double Qps { get; set; } = 10;

    public int Burst { get; set; } = 100;
}
