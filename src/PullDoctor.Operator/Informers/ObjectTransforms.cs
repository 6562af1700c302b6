using k8s;
using k8s.Models;

namespace PullDoctor.Operator.Informers;

/// <summary>Ready-made transforms for informers that keep whole objects.</summary>
internal static class ObjectTransforms
{
    private const string LastAppliedAnnotation = "kubectl.kubernetes.io/last-applied-configuration";

    /// <summary>controller-runtime's TransformStripManagedFields, plus kubectl's last-applied annotation.</summary>
    public static T StripManagedFields<T>(T obj)
        where T : IMetadata<V1ObjectMeta>
    {
        ArgumentNullException.ThrowIfNull(obj);
        if (obj.Metadata is { } metadata)
        {
            metadata.ManagedFields = null;
            metadata.Annotations?.Remove(LastAppliedAnnotation);
        }

        return obj;
    }
}
