namespace PullDoctor.Runtime.Tests.Capture;

/// <summary>What one runtime said for one scenario.</summary>
/// <param name="Image">The image reference as the pod spec would name it.</param>
/// <param name="Code">gRPC status code of the CRI error (containerd); null for skopeo, whose errors
/// CRI-O returns as plain Go errors (code <c>Unknown</c>).</param>
/// <param name="Message">The runtime's error text (gRPC status message / containers/image error).</param>
/// <param name="Seconds">How long the pull took until it failed.</param>
public sealed record CapturedMessage(
    string Scenario,
    string Runtime,
    string Image,
    bool Succeeded,
    string? Code,
    string? Message,
    double Seconds);
