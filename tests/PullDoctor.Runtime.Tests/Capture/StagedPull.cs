using PullDoctor.Runtime.Tests.Cri;

namespace PullDoctor.Runtime.Tests.Capture;

/// <summary>One scenario made concrete: the image to pull and how each runtime is set up for it.</summary>
/// <param name="CriDeadline">Sent as the PullImage request's gRPC deadline (only for the response timeout,
/// which neither containerd 1.6 nor the kubelet bound otherwise).</param>
internal sealed record StagedPull(string Scenario, string Image, CriCredentials? Credentials, TimeSpan? CriDeadline, SkopeoOptions Skopeo);
