namespace PullDoctor.Runtime.Tests.Capture;

/// <summary>The runtimes whose wording the suite captures.</summary>
public static class RuntimeNames
{
    /// <summary>containerd's CRI plugin, called over gRPC like the kubelet does.</summary>
    public const string ContainerdCri = "containerd-cri";

    /// <summary>containers/image (the library of CRI-O and podman), driven through <c>skopeo copy</c>.</summary>
    public const string Skopeo = "skopeo";

    /// <summary>containers/image through libpod: <c>podman pull</c>.</summary>
    public const string Podman = "podman";

    public static IReadOnlyList<string> All { get; } = [ContainerdCri, Skopeo, Podman];
}
