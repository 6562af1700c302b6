namespace PullDoctor.Operator.Crds;

/// <summary>
/// Marks a list as <c>x-kubernetes-list-type: map</c> keyed by the given item fields, so the API
/// server (and server-side apply) treats items as a set keyed by them.
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false)]
public sealed class ListMapKeysAttribute(params string[] keys) : Attribute
{
    public IReadOnlyList<string> Keys { get; } = keys;
}
