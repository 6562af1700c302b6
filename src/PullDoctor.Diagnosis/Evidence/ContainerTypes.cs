namespace PullDoctor.Diagnosis;

/// <summary>Values of <c>containers[].containerType</c>, named after the pod spec lists (and the sandbox).</summary>
public static class ContainerTypes
{
    public const string InitContainer = "InitContainer";
    public const string Container = "Container";
    public const string EphemeralContainer = "EphemeralContainer";

    /// <summary>The pod sandbox (pause) image, pulled by the node's runtime before any container: not in the pod spec.</summary>
    public const string Sandbox = "Sandbox";
}
