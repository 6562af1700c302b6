using System.ComponentModel.DataAnnotations;
using System.ComponentModel;
using System.Text.Json.Serialization;

namespace PullDoctor.Operator.Crds;

/// <summary>The outcome of the registry probe for one container's image.</summary>
public sealed class ProbeEvidence
{
    [JsonPropertyName("outcome")]
    [MaxLength(StatusLimits.Word)]
    [Description("Pullable, or the cause code the registry's answer shows.")]
    public string? Outcome { get; set; }

    [JsonPropertyName("httpStatus")]
    [Description("The HTTP status of the registry's decisive answer, when there was one.")]
    public int? HttpStatus { get; set; }

    [JsonPropertyName("registryHost")]
    [MaxLength(StatusLimits.Host)]
    [Description("The registry host (with port) that was asked.")]
    public string? RegistryHost { get; set; }

    [JsonPropertyName("checkedAt")]
    [Description("When the registry was asked.")]
    public DateTime? CheckedAt { get; set; }
}
