using PullDoctor.Core.Kubernetes;
using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace PullDoctor.Operator.Crds;

/// <summary>One effective imagePullSecret and what became of it; never any secret content.</summary>
public sealed class PullSecretReport
{
    [JsonPropertyName("name")]
    [MaxLength(ObjectNames.MaxSubdomainLength)]
    [Description("The secret's name.")]
    public string? Name { get; set; }

    [JsonPropertyName("source")]
    [MaxLength(StatusLimits.Word)]
    [AllowedValues("Pod", "ServiceAccount")]
    [Description("Referenced by the pod or by its service account.")]
    public string? Source { get; set; }

    [JsonPropertyName("state")]
    [MaxLength(StatusLimits.Word)]
    [AllowedValues("Found", "Missing", "Invalid", "NoEntryForRegistry")]
    [Description("Found, Missing, Invalid (malformed or wrong type) or NoEntryForRegistry; absent when secrets are not read.")]
    public string? State { get; set; }
}
