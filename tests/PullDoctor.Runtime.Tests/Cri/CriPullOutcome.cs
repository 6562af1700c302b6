namespace PullDoctor.Runtime.Tests.Cri;

/// <summary>The result of one CRI PullImage: the image ref, or the gRPC status the kubelet would get.</summary>
/// <param name="Code">The gRPC status code name as Go prints it (<c>Unknown</c>, <c>NotFound</c>, ...).</param>
/// <param name="Message">The status message (the runtime's error text).</param>
internal sealed record CriPullOutcome(bool Succeeded, string? ImageRef, string? Code, string? Message)
{
    public static CriPullOutcome Success(string imageRef) => new(true, imageRef, null, null);

    // Grpc.Core's StatusCode names are the Go codes.Code names (Unknown, NotFound, DeadlineExceeded, ...).
    public static CriPullOutcome Failure(string code, string message) => new(false, null, code, message);
}
