using PullDoctor.Core.Kubernetes;
using System.ComponentModel.DataAnnotations;
using System.ComponentModel;
using System.Text.Json.Serialization;

namespace PullDoctor.Operator.Crds;

/// <summary>A Deployment's stuck rollout: its newest ReplicaSet cannot pull while an older one still runs.</summary>
public sealed class DiagnosisRollout
{
    [JsonPropertyName("newReplicaSet")]
    [MaxLength(ObjectNames.MaxSubdomainLength)]
    [Description("The newest ReplicaSet, whose pods cannot pull.")]
    public string? NewReplicaSet { get; set; }

    [JsonPropertyName("runningReplicaSet")]
    [MaxLength(ObjectNames.MaxSubdomainLength)]
    [Description("The older ReplicaSet that still has ready pods: what kubectl rollout undo returns to.")]
    public string? RunningReplicaSet { get; set; }

    [JsonPropertyName("runningReadyPods")]
    [Description("The ready pods of runningReplicaSet.")]
    public int? RunningReadyPods { get; set; }
}
