using PullDoctor.Testing.Storage;

namespace PullDoctor.Testing.Selectors;

/// <summary>What a list or watch selects: a namespace (or all), a label selector and a field selector.</summary>
public sealed record ObjectFilter(string? Namespace, LabelSelector Labels, FieldSelector Fields)
{
    public static ObjectFilter All { get; } = new(null, LabelSelector.Everything, FieldSelector.Everything);

    public bool HasSelectors => !Labels.IsEmpty || !Fields.IsEmpty;

    public bool Matches(StoredObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        return (Namespace is null || string.Equals(obj.Namespace, Namespace, StringComparison.Ordinal))
            && (Labels.IsEmpty || Labels.Matches(obj.Labels))
            && (Fields.IsEmpty || Fields.Matches(obj.Fields));
    }
}
