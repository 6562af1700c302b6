using System.ComponentModel;
using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace PullDoctor.Operator.Crds;

/// <summary>
/// One pod's image pull diagnosis (SPEC §2): in the pod's namespace, named after the pod, owned by it.
/// Every member is nullable because KubernetesJson writes non-nullable value types, and a status
/// write must never claim a field it did not mean to set.
/// </summary>
[KubernetesEntity(Group = GroupName, ApiVersion = Version, Kind = KindName, PluralName = Plural)]
[Description("Why a pod is stuck pulling its images, and what to do about it. Written by PullDoctor.")]
public sealed class ImagePullDiagnosis : IKubernetesObject<V1ObjectMeta>, ISpec<ImagePullDiagnosisSpec?>, IStatus<ImagePullDiagnosisStatus?>
{
    public const string GroupName = "pulldoctor.dev";
    public const string Version = "v1alpha1";
    public const string KindName = "ImagePullDiagnosis";
    public const string Plural = "imagepulldiagnoses";
    public const string Singular = "imagepulldiagnosis";
    public const string ShortName = "ipd";
    public const string Category = "pulldoctor";
    public const string GroupVersion = GroupName + "/" + Version;

    /// <summary>The label every diagnosis carries, so PullDoctor lists only its own objects.</summary>
    public const string ManagedByLabel = "app.kubernetes.io/managed-by";
    public const string ManagedByValue = "pulldoctor";

    [JsonPropertyName("apiVersion")]
    public string? ApiVersion { get; set; } = GroupVersion;

    [JsonPropertyName("kind")]
    public string? Kind { get; set; } = KindName;

    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();

    [JsonPropertyName("spec")]
    [Description("The subject: the pod this diagnosis is about.")]
    public ImagePullDiagnosisSpec? Spec { get; set; }

    [JsonPropertyName("status")]
    [Description("What PullDoctor found; written only by PullDoctor, through the status subresource.")]
    public ImagePullDiagnosisStatus? Status { get; set; }
}
