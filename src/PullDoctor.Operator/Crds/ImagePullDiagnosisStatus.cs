using PullDoctor.Core.Kubernetes;
using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace PullDoctor.Operator.Crds;

/// <summary>The diagnosis itself (SPEC §2 <c>status</c>).</summary>
public sealed class ImagePullDiagnosisStatus
{
    [JsonPropertyName("phase")]
    [MaxLength(StatusLimits.Word)]
    [AllowedValues(DiagnosisPhase.Failing, DiagnosisPhase.Resolved)]
    [Description("Failing while any container is stuck pulling its image; Resolved once all images of the pod have been pulled.")]
    public string? Phase { get; set; }

    [JsonPropertyName("cause")]
    [MaxLength(StatusLimits.Word)]
    [Description("The primary cause code across the pod's containers, e.g. TagNotFound.")]
    public string? Cause { get; set; }

    [JsonPropertyName("summary")]
    [MaxLength(StatusLimits.Sentence)]
    [Description("One sentence a person understands.")]
    public string? Summary { get; set; }

    [JsonPropertyName("workload")]
    [Description("The top owner of the pod: the object a user edits to fix it.")]
    public DiagnosisWorkload? Workload { get; set; }

    [JsonPropertyName("node")]
    [MaxLength(ObjectNames.MaxSubdomainLength)]
    [Description("The node the pod is scheduled on, whose runtime pulls (and whose platform the image must have).")]
    public string? Node { get; set; }

    [JsonPropertyName("containers")]
    [MaxLength(StatusLimits.Containers)]
    [Description("One entry per stuck container, init and ephemeral containers included.")]
    public List<ContainerDiagnosis>? Containers { get; set; }

    [JsonPropertyName("firstFailureTime")]
    [Description("When the pod first failed to pull: the oldest failed-pull Event's first timestamp, or when PullDoctor first saw it stuck.")]
    public DateTime? FirstFailureTime { get; set; }

    [JsonPropertyName("lastFailureTime")]
    [Description("The latest failed pull PullDoctor saw.")]
    public DateTime? LastFailureTime { get; set; }

    [JsonPropertyName("resolvedTime")]
    [Description("When all images of the pod had been pulled.")]
    public DateTime? ResolvedTime { get; set; }

    [JsonPropertyName("observedGeneration")]
    [Description("The metadata.generation this status was computed for.")]
    public long? ObservedGeneration { get; set; }

    [JsonPropertyName("conditions")]
    [MaxLength(8)]
    [ListMapKeys("type")]
    [Description("Standard conditions: Diagnosed and Resolved.")]
    public List<DiagnosisCondition>? Conditions { get; set; }
}
