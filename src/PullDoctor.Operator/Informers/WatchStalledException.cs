namespace PullDoctor.Operator.Informers;

/// <summary>The watchdog cancelled a watch that delivered nothing, not even a bookmark, for the stall timeout.</summary>
internal sealed class WatchStalledException : Exception
{
    public WatchStalledException()
        : base("The watch delivered nothing within the stall timeout.")
    {
    }

    public WatchStalledException(Exception innerException)
        : base("The watch delivered nothing within the stall timeout.", innerException)
    {
    }

    public WatchStalledException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
