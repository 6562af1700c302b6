namespace PullDoctor.Operator.Crds;

/// <summary>Values of <c>containers[].containerType</c>, named after the pod spec lists.</summary>
public static class ContainerTypes
{
    public const string InitContainer = "InitContainer";
    public const string Container = "Container";
    public const string EphemeralContainer = "EphemeralContainer";
}
