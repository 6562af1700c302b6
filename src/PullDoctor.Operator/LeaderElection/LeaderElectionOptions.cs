namespace PullDoctor.Operator.LeaderElection;

/// <summary>Lease-based leader election; timings default to controller-runtime's 15 s / 10 s / 2 s.</summary>
internal sealed class LeaderElectionOptions
{
    /// <summary>False for a single replica: this process leads at once and never touches a Lease.</summary>
    public bool Enabled { get; set; } = true;

    public string LeaseName { get; set; } = "pulldoctor-leader";

    /// <summary>The Lease's namespace; null uses $POD_NAMESPACE, then "default".</summary>
    public string? LeaseNamespace { get; set; }

    /// <summary>This replica's holder identity; null uses $POD_NAME (or the machine name) plus a random suffix.</summary>
    public string? Identity { get; set; }

    /// <summary>How long followers wait after the last renewal before taking over.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long the leader keeps retrying a failing renewal before it gives up leading.</summary>
    public TimeSpan RenewDeadline { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Pause between acquire/renew attempts.</summary>
    public TimeSpan RetryPeriod { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>On graceful shutdown hand the Lease back (holderIdentity "", 1 s) so a follower takes over at once.</summary>
    public bool ReleaseOnShutdown { get; set; } = true;

    /// <summary>client-go's checks: LeaseDuration &gt; RenewDeadline &gt; RetryPeriod × 1.2, whole seconds for the Lease.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (!Enabled)
            return errors;
        if (string.IsNullOrWhiteSpace(LeaseName))
            errors.Add("leader election: the lease name must not be empty");
        if (RetryPeriod <= TimeSpan.Zero)
            errors.Add("leader election: the retry period must be positive");
        if (LeaseDuration < TimeSpan.FromSeconds(1) || LeaseDuration.Ticks % TimeSpan.TicksPerSecond != 0)
            errors.Add($"leader election: the lease duration must be a whole number of seconds, at least 1 (got {LeaseDuration})");
        if (LeaseDuration <= RenewDeadline)
            errors.Add($"leader election: the lease duration ({LeaseDuration}) must be greater than the renew deadline ({RenewDeadline})");
        if (RenewDeadline <= RetryPeriod * 1.2)
            errors.Add($"leader election: the renew deadline ({RenewDeadline}) must be greater than 1.2 × the retry period ({RetryPeriod})");
        return errors;
    }

    internal string ResolveNamespace() =>
        !string.IsNullOrEmpty(LeaseNamespace) ? LeaseNamespace
        : Environment.GetEnvironmentVariable("POD_NAMESPACE") is { Length: > 0 } ns ? ns
        : "default";

    internal string ResolveIdentity()
    {
        if (!string.IsNullOrEmpty(Identity))
            return Identity;

        // A restarted pod keeps its name; the suffix keeps it from inheriting its predecessor's term.
        var host = Environment.GetEnvironmentVariable("POD_NAME") is { Length: > 0 } pod ? pod : Environment.MachineName;
        return $"{host}_{Convert.ToHexStringLower(Guid.NewGuid().ToByteArray().AsSpan(0, 4))}";
    }
}
