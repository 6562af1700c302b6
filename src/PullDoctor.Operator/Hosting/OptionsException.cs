namespace PullDoctor.Operator.Hosting;

/// <summary>A setting that cannot be used, with a one-line message naming it.</summary>
public sealed class OptionsException(string message) : Exception(message)
{
    public OptionsException()
        : this("invalid options")
    {
    }

    public OptionsException(string message, Exception innerException)
        : this(message) => _ = innerException;
}
