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

    [JsonPropertyName("ref")]
    [MaxLength(ObjectNames.MaxLabelLength + 1 + ObjectNames.MaxSubdomainLength)]
    [Description("kind/name as kubectl takes it, e.g. deployment/web (the Workload column of kubectl get ipd).")]
    public string? Ref { get; set; }

    [JsonPropertyName("via")]
    [MaxLength(ObjectNames.MaxSubdomainLength)]
    [Description("The object between the pod and the workload: the Deployment's ReplicaSet, or the CronJob's Job (a stuck Job must be deleted for the fixed CronJob to run again).")]
    public string? Via { get; set; }

    [JsonPropertyName("stuckPods")]
    [Description("How many pods of this workload (all its ReplicaSets or Jobs) PullDoctor sees stuck pulling, this one included; refreshed with the diagnosis' next status write, at least every 10 minutes while the kubelet retries.")]
    public int? StuckPods { get; set; }

    [JsonPropertyName("stuckSince")]
    [Description("When the first of the workload's stuck pods first failed to pull (refreshed like stuckPods).")]
    public DateTime? StuckSince { get; set; }

    [JsonPropertyName("rollout")]
    [Description("Set when the pod belongs to a Deployment's newest ReplicaSet, which cannot pull, while an older ReplicaSet still has ready pods: the rollout is stuck, and kubectl rollout undo returns to the older one.")]
    public DiagnosisRollout? Rollout { get; set; }
}
