using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace PullDoctor.Operator.Crds;

/// <summary>A page of <see cref="ImagePullDiagnosis"/> objects as the list endpoint returns it.</summary>
public sealed class ImagePullDiagnosisList : IKubernetesObject<V1ListMeta>, IItems<ImagePullDiagnosis>
{
    [JsonPropertyName("apiVersion")]
    public string? ApiVersion { get; set; } = ImagePullDiagnosis.GroupVersion;

    [JsonPropertyName("kind")]
    public string? Kind { get; set; } = ImagePullDiagnosis.KindName + "List";

    [JsonPropertyName("metadata")]
    public V1ListMeta Metadata { get; set; } = new();

    [JsonPropertyName("items")]
    public IList<ImagePullDiagnosis> Items { get; set; } = [];
}
