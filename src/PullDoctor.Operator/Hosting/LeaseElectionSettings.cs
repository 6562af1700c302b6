namespace PullDoctor.Operator.Hosting;

/// <summary>Where and how long the leader Lease is held.</summary>
public sealed record LeaseElectionSettings(string Namespace, string Name, string Identity, TimeSpan LeaseDuration, TimeSpan RenewDeadline, TimeSpan RetryPeriod);
