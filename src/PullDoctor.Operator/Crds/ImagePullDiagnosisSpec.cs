using PullDoctor.Core.Kubernetes;
using System.ComponentModel.DataAnnotations;
using System.ComponentModel;
using System.Text.Json.Serialization;

namespace PullDoctor.Operator.Crds;

/// <summary>The subject of a diagnosis.</summary>
public sealed class ImagePullDiagnosisSpec
{
    [JsonPropertyName("podName")]
    [MaxLength(ObjectNames.MaxSubdomainLength)]
    [Description("The name of the pod, in the diagnosis' namespace.")]
    public string? PodName { get; set; }

    [JsonPropertyName("podUID")]
    [MaxLength(64)]
    [Description("The UID of the pod, so a new pod with the same name is a new subject.")]
    public string? PodUid { get; set; }
}
