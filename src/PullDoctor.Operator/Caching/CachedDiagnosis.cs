using System.Text;
using PullDoctor.Diagnosis;
using k8s;
using PullDoctor.Operator.Crds;

namespace PullDoctor.Operator.Caching;

/// <summary>
/// An ImagePullDiagnosis as the cache keeps it: its identity and phase for the handlers, and the object itself as
/// compact UTF-8 JSON (managedFields dropped). Every read deserializes a fresh copy, which is the deep copy
/// controller-runtime's cache makes: the reconciler sets <c>Status</c> on what it read, and that must never change
/// the cache.
/// </summary>
internal sealed record CachedDiagnosis(string Uid, string? ResourceVersion, string? Phase, string? PodUid, byte[] Json)
{
    public static CachedDiagnosis Of(ImagePullDiagnosis diagnosis)
    {
        ArgumentNullException.ThrowIfNull(diagnosis);
        var managedFields = diagnosis.Metadata.ManagedFields;
        diagnosis.Metadata.ManagedFields = null;
        try
        {
            return new CachedDiagnosis(
                diagnosis.Metadata.Uid ?? string.Empty,
                diagnosis.Metadata.ResourceVersion,
                diagnosis.Status?.Phase,
                diagnosis.Spec?.PodUid,
                Encoding.UTF8.GetBytes(KubernetesJson.Serialize(diagnosis)));
        }
        finally
        {
            // The caller's object is left as it was.
            diagnosis.Metadata.ManagedFields = managedFields;
        }
    }

    // KubernetesJson both ways, so the round trip keeps its converters (times, quantities) and naming.
    public ImagePullDiagnosis Read() => KubernetesJson.Deserialize<ImagePullDiagnosis>(Encoding.UTF8.GetString(Json));
}
