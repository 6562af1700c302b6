namespace PullDoctor.Registry.Http;

/// <summary>Carries a classified <see cref="TransportFailure"/> out of the transport.</summary>
internal sealed class TransportException(TransportFailure failure, Exception? inner = null) : Exception(failure.Detail, inner)
{
    public TransportFailure Failure { get; } = failure;
}
