using System.ComponentModel.DataAnnotations;
using System.ComponentModel;
using System.Text.Json.Serialization;

namespace PullDoctor.Operator.Crds;

/// <summary>The outcome of the registry probe for one container's image.</summary>
public sealed class ProbeEvidence
{
    [JsonPropertyName("outcome")]
    [MaxLength(StatusLimits.Word)]
    [Description("Pullable, the cause code the registry's answer shows, Inconclusive (the probe could not ask), Pending (no answer yet) or NotProbed (probing is off).")]
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

    [JsonPropertyName("detail")]
    [MaxLength(StatusLimits.Note)]
    [Description("What the probe found, or why it could not answer (and the setting that would let it).")]
    public string? Detail { get; set; }

    [JsonPropertyName("latestAttempt")]
    [MaxLength(StatusLimits.Note)]
    [Description("Set while a confirmed diagnosis is kept although the latest probe could not answer: why it could not.")]
    public string? LatestAttempt { get; set; }
}
