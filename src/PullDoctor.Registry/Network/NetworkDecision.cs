namespace PullDoctor.Registry.Network;

/// <summary>Whether the probe may connect to an address or name, and why not.</summary>
public readonly record struct NetworkDecision(bool Allowed, string? Reason)
{
    public static NetworkDecision Allow { get; } = new(true, null);

    public static NetworkDecision Deny(string reason) => new(false, reason);
}
