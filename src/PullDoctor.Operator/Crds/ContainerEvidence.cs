using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace PullDoctor.Operator.Crds;

/// <summary>The evidence behind one container's diagnosis.</summary>
public sealed class ContainerEvidence
{
    /// <summary>Messages beyond this are cut: a status is not a log.</summary>
    public const int KubeletMessageMaxLength = 2048;

    [JsonPropertyName("kubeletMessage")]
    [MaxLength(KubeletMessageMaxLength)]
    [Description("The kubelet's or runtime's message the cause was read from, truncated.")]
    public string? KubeletMessage { get; set; }

    [JsonPropertyName("probe")]
    [Description("What the registry answered when PullDoctor asked it.")]
    public ProbeEvidence? Probe { get; set; }
}
