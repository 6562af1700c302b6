namespace PullDoctor.Operator.Informers;

/// <summary>A watch ended normally almost at once without a single event: treated as a failure so a misbehaving server is not hammered.</summary>
internal sealed class ShortWatchException : Exception
{
    public ShortWatchException()
        : base("The watch closed immediately without events.")
    {
    }

    public ShortWatchException(string message)
        : base(message)
    {
    }

    public ShortWatchException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
