using System.ComponentModel;
using System.Text.Json.Serialization;

namespace PullDoctor.Operator.Crds;

/// <summary>One step of a fix.</summary>
public sealed class RemediationStepStatus
{
    [JsonPropertyName("text")]
    [Description("What to do.")]
    public string? Text { get; set; }

    [JsonPropertyName("command")]
    [Description("A ready-to-run command, when one exists.")]
    public string? Command { get; set; }
}
