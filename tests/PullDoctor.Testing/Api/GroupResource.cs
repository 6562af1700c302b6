namespace PullDoctor.Testing.Api;

/// <summary>A resource qualified by its API group, printed the way apimachinery prints it: <c>deployments.apps</c>.</summary>
public readonly record struct GroupResource(string Group, string Resource)
{
    public override string ToString() => string.IsNullOrEmpty(Group) ? Resource : $"{Resource}.{Group}";
}

/// <summary>A kind qualified by its API group, printed like apimachinery: <c>Deployment.apps</c>.</summary>
public readonly record struct GroupKind(string Group, string Kind)
{
    public override string ToString() => string.IsNullOrEmpty(Group) ? Kind : $"{Kind}.{Group}";
}
