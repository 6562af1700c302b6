using PullDoctor.Core.Classification;
using PullDoctor.Core.Remediation;
using PullDoctor.Registry.Probe;

namespace PullDoctor.Diagnosis;

/// <summary>Everything found about one stuck container.</summary>
/// <param name="Container">The container as projected.</param>
/// <param name="Reference">The normalized reference, or null when the image does not parse.</param>
/// <param name="FromMessages">What the kubelet's and runtime's messages say.</param>
/// <param name="Verdict">The cause after weighing the probe.</param>
/// <param name="Advice">Summary, explanation (with any disagreement) and steps.</param>
/// <param name="PullSecrets">The effective pull secrets and their states for this image.</param>
/// <param name="Probe">The registry probe's result, when the registry was asked.</param>
/// <param name="ProbeGap">Why the probe said nothing about the image (not asked, no answer yet, refused by policy), or null (<see cref="ProbeGaps"/>).</param>
public sealed record ContainerFinding(
    ContainerSnapshot Container,
    string? Reference,
    Classification FromMessages,
    Verdict Verdict,
    Advice Advice,
    IReadOnlyList<EffectivePullSecret> PullSecrets,
    ProbeResult? Probe,
    ProbeGap? ProbeGap = null)
{
    /// <summary>The message the cause was read from: the deciding message, else the waiting message.</summary>
    public string? EvidenceMessage => FromMessages.Message ?? Container.WaitingMessage;
}
