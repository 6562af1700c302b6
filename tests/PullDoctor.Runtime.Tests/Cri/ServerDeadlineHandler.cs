namespace PullDoctor.Runtime.Tests.Cri;

/// <summary>
/// Turns the request header <see cref="HeaderName"/> into <c>grpc-timeout</c>. Grpc.Net.Client drops a
/// <c>grpc-timeout</c> given as metadata and, with a call deadline, ends the call on its own timer with
/// its own status; this way only the server (containerd) enforces the deadline and answers with its own
/// error text, as a Go client's deadline would let it.
/// </summary>
internal sealed class ServerDeadlineHandler : DelegatingHandler
{
    public const string HeaderName = "x-pulldoctor-server-timeout";

    public ServerDeadlineHandler(HttpMessageHandler inner)
        : base(inner)
    {
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Headers.TryGetValues(HeaderName, out var values))
        {
            var value = values.First();
            request.Headers.Remove(HeaderName);
            request.Headers.TryAddWithoutValidation("grpc-timeout", value);
        }

        return base.SendAsync(request, cancellationToken);
    }
}
