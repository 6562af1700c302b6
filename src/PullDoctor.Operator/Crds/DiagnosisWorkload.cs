using PullDoctor.Core.Kubernetes;
using System.ComponentModel.DataAnnotations;
using System.ComponentModel;
using System.Text.Json.Serialization;

namespace PullDoctor.Operator.Crds;

/// <summary>The top owner of a pod, e.g. Deployment <c>web</c> found through its ReplicaSet.</summary>
public sealed class DiagnosisWorkload
{
    [JsonPropertyName("kind")]
    [MaxLength(ObjectNames.MaxLabelLength)]
    [Description("The owner's kind, e.g. Deployment, StatefulSet, DaemonSet, CronJob, Job, or Pod for a bare pod.")]
    public string? Kind { get; set; }

    [JsonPropertyName("name")]
    [MaxLength(ObjectNames.MaxSubdomainLength)]
    [Description("The owner's name.")]
    public string? Name { get; set; }
}
