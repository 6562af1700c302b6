namespace PullDoctor.Core.Remediation;

/// <summary>The object a user edits to fix a pod, e.g. Deployment <c>web</c>.</summary>
public sealed record WorkloadReference(string Kind, string Name)
{
    /// <summary>The form kubectl takes, e.g. <c>deployment/web</c>.</summary>
    public string KubectlName => $"{Kind.ToLowerInvariant()}/{Name}";
}
