namespace PullDoctor.Operator.Queues;

/// <summary>
/// Identifies a namespaced (or, with a null namespace, cluster-scoped) object by name. It is the work queue
/// key and the informer store key: reconcilers work from the key and read the latest state from a store.
/// </summary>
internal readonly record struct ObjectKey(string? Namespace, string Name) : IComparable<ObjectKey>
{
    /// <summary>Parses the <c>namespace/name</c> (or <c>name</c>) form that <see cref="ToString"/> writes.</summary>
    public static ObjectKey Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var slash = value.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? new ObjectKey(null, value) : new ObjectKey(value[..slash], value[(slash + 1)..]);
    }

    public int CompareTo(ObjectKey other)
    {
        var byNamespace = string.CompareOrdinal(Namespace, other.Namespace);
        return byNamespace != 0 ? byNamespace : string.CompareOrdinal(Name, other.Name);
    }

    public override string ToString() => string.IsNullOrEmpty(Namespace) ? Name : $"{Namespace}/{Name}";

    public static bool operator <(ObjectKey left, ObjectKey right) => left.CompareTo(right) < 0;

    public static bool operator <=(ObjectKey left, ObjectKey right) => left.CompareTo(right) <= 0;

    public static bool operator >(ObjectKey left, ObjectKey right) => left.CompareTo(right) > 0;

    public static bool operator >=(ObjectKey left, ObjectKey right) => left.CompareTo(right) >= 0;
}
