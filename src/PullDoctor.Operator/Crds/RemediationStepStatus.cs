using System.ComponentModel.DataAnnotations;
using System.ComponentModel;
using System.Text.Json.Serialization;

namespace PullDoctor.Operator.Crds;

/// <summary>One step of a fix.</summary>
public sealed class RemediationStepStatus
{
    [JsonPropertyName("text")]
    [MaxLength(StatusLimits.Sentence)]
    [Description("What to do.")]
    public string? Text { get; set; }

    [JsonPropertyName("command")]
    [MaxLength(StatusLimits.Command)]
    [Description("A ready-to-run command, when one exists.")]
    public string? Command { get; set; }
}
