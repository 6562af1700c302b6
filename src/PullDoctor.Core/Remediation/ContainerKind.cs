namespace PullDoctor.Core.Remediation;

/// <summary>Which list of the pod spec a container is in: the fix edits that list.</summary>
public enum ContainerKind
{
    Container,
    InitContainer,

    /// <summary>Added by <c>kubectl debug</c>; cannot be changed or removed, only a new one added.</summary>
    EphemeralContainer,
}
