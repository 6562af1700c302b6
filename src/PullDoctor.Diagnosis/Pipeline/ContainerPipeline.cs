using PullDoctor.Core.Classification;
using PullDoctor.Core.Remediation;

namespace PullDoctor.Diagnosis;

/// <summary>
/// The stages every verb runs for one container, whatever evidence it has: read the messages once (and let the pull
/// secrets name the cause they explain), decide with the probe's answer (<see cref="DecisionRules.Decide"/>), then
/// advise. The operator and <c>diagnose pod</c> come here through <see cref="PodAnalyzer"/>, <c>explain</c> with
/// messages only, <c>diagnose IMAGE</c> with the probe and a pull secret file only; so for the same evidence all
/// give the same cause and confidence.
/// </summary>
public static class ContainerPipeline
{
    /// <summary>The reading of the kubelet's and runtime's messages, refined by the pull secrets' states.</summary>
    public static Classification Read(PullEvidence evidence, IReadOnlyList<EffectivePullSecret> pullSecrets)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        return Refine(EvidenceClassifier.Classify(evidence), pullSecrets);
    }

    /// <summary>A reading already made (a reader that had to pick the message to show), refined by the pull secrets.</summary>
    public static Classification Refine(Classification reading, IReadOnlyList<EffectivePullSecret> pullSecrets) =>
        DecisionRules.RefineBySecrets(reading, pullSecrets);

    /// <summary>
    /// The verdict with the image in its facts (the message may not name it), and the advice for it; the verdict of an
    /// unknown message carries no cause to advise on, and still gets the generic steps.
    /// </summary>
    public static (Verdict Verdict, Advice Advice) Advise(Verdict verdict, string? image, RemediationContext context)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        ArgumentNullException.ThrowIfNull(context);
        var facts = verdict.Facts.Image is null && image is not null ? verdict.Facts with { Image = image } : verdict.Facts;
        return (verdict with { Facts = facts }, AdviceWriter.Write(verdict.Cause, facts, context));
    }
}
