using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace PullDoctor.Operator.Crds;

/// <summary>A standard condition (metav1.Condition shape, every member nullable).</summary>
public sealed class DiagnosisCondition
{
    public const string Diagnosed = "Diagnosed";
    public const string Resolved = "Resolved";

    [JsonPropertyName("type")]
    [MaxLength(StatusLimits.Word)]
    [Required]
    [Description("Diagnosed or Resolved.")]
    public string? Type { get; set; }

    [JsonPropertyName("status")]
    [MaxLength(16)]
    [Required]
    [AllowedValues("True", "False", "Unknown")]
    [Description("True, False or Unknown.")]
    public string? Status { get; set; }

    [JsonPropertyName("reason")]
    [MaxLength(StatusLimits.Word)]
    [Description("A CamelCase reason, e.g. the cause code.")]
    public string? Reason { get; set; }

    [JsonPropertyName("message")]
    [MaxLength(StatusLimits.Sentence)]
    [Description("A human readable message.")]
    public string? Message { get; set; }

    [JsonPropertyName("lastTransitionTime")]
    [Description("When the status last changed.")]
    public DateTime? LastTransitionTime { get; set; }

    [JsonPropertyName("observedGeneration")]
    [Description("The metadata.generation the condition was set for.")]
    public long? ObservedGeneration { get; set; }
}
