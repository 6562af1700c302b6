namespace PullDoctor.Testing.Faults;

public enum FaultKind
{
    Fail,
    Delay,
    Abort,
    Conflict,
}

/// <summary>One scripted fault; dispose it to remove it before it is used up.</summary>
public sealed class FaultRule : IDisposable
{
    internal FaultRule(FaultKind kind, int count, string? verb, string? resource)
    {
        Kind = kind;
        Remaining = count;
        Verb = verb;
        Resource = resource;
    }

    public FaultKind Kind { get; }

    /// <summary>How many more requests this rule will affect.</summary>
    public int Remaining { get; internal set; }

    public string? Verb { get; }

    public string? Resource { get; }

    public int StatusCode { get; init; }

    public TimeSpan? RetryAfter { get; init; }

    public TimeSpan DelayBy { get; init; }

    public string? Message { get; init; }

    public string? ObjectName { get; init; }

    internal FaultInjector? Owner { get; set; }

    public void Dispose() => Owner?.Remove(this);

    internal bool Matches(string verb, string resource, string? subresource)
    {
        if (Verb is not null && Verb != verb)
        {
            return false;
        }

        if (Resource is null)
        {
            return true;
        }

        var full = subresource is null ? resource : $"{resource}/{subresource}";
        return Resource == full || (subresource is null && Resource == resource);
    }
}
