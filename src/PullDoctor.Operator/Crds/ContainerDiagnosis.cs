using PullDoctor.Core.Kubernetes;
using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using PullDoctor.Diagnosis;

namespace PullDoctor.Operator.Crds;

/// <summary>The diagnosis of one stuck container.</summary>
public sealed class ContainerDiagnosis
{
    [JsonPropertyName("name")]
    [MaxLength(ObjectNames.MaxLabelLength)]
    [Description("The container's name.")]
    public string? Name { get; set; }

    [JsonPropertyName("containerType")]
    [MaxLength(32)]
    [AllowedValues(ContainerTypes.InitContainer, ContainerTypes.Container, ContainerTypes.EphemeralContainer, ContainerTypes.Sandbox)]
    [Description("Which list of the pod spec the container is in; Sandbox for the pod sandbox (pause) image the node's runtime pulls.")]
    public string? ContainerType { get; set; }

    [JsonPropertyName("image")]
    [MaxLength(StatusLimits.Image)]
    [Description("The image as written in the pod spec.")]
    public string? Image { get; set; }

    [JsonPropertyName("reference")]
    [MaxLength(StatusLimits.Image)]
    [Description("The normalized reference, e.g. docker.io/library/nginx:1.25.x; empty when the image does not parse.")]
    public string? Reference { get; set; }

    [JsonPropertyName("waitingReason")]
    [MaxLength(StatusLimits.Word)]
    [Description("The kubelet's state.waiting.reason, e.g. ImagePullBackOff.")]
    public string? WaitingReason { get; set; }

    [JsonPropertyName("cause")]
    [MaxLength(StatusLimits.Word)]
    [Description("The cause code for this container.")]
    public string? Cause { get; set; }

    [JsonPropertyName("confidence")]
    [MaxLength(StatusLimits.Word)]
    [AllowedValues("Confirmed", "Likely")]
    [Description("Confirmed when a registry probe agrees, Likely when inferred from messages alone.")]
    public string? Confidence { get; set; }

    [JsonPropertyName("explanation")]
    [MaxLength(StatusLimits.Explanation)]
    [Description("What went wrong, in plain words naming the facts.")]
    public string? Explanation { get; set; }

    [JsonPropertyName("remediation")]
    [MaxLength(StatusLimits.Steps)]
    [Description("Ordered steps to fix it, with a ready-to-run command where one exists.")]
    public List<RemediationStepStatus>? Remediation { get; set; }

    [JsonPropertyName("suggestions")]
    [MaxLength(StatusLimits.Suggestions)]
    [ItemMaxLength(128)]
    [Description("Suggestions such as the nearest existing tags.")]
    public List<string>? Suggestions { get; set; }

    [JsonPropertyName("evidence")]
    [Description("What the diagnosis rests on; kept because Events expire after an hour.")]
    public ContainerEvidence? Evidence { get; set; }

    [JsonPropertyName("pullSecrets")]
    [MaxLength(StatusLimits.PullSecrets)]
    [Description("The effective imagePullSecrets and their states; never any secret content.")]
    public List<PullSecretReport>? PullSecrets { get; set; }
}
