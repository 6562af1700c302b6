using PullDoctor.Core.Causes;

namespace PullDoctor.Core.Classification;

/// <summary>
/// Chooses the cause across a container's waiting state and the pod's Events. The waiting message
/// is the freshest, but before Kubernetes 1.32 it is only "Back-off pulling image", so the newest
/// <c>Failed</c> Event for the same image carries the runtime's error. This only reads: whether a pull secret the
/// kubelet could not retrieve is the root cause is decided with the pod's other evidence
/// (PullDoctor.Diagnosis' DecisionRules).
/// </summary>
public static class EvidenceClassifier
{
    public static Classification Classify(PullEvidence evidence)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        var candidates = new List<Classification>();
        if (!string.IsNullOrWhiteSpace(evidence.WaitingMessage))
        {
            candidates.Add(MessageClassifier.Classify(evidence.WaitingMessage, evidence.WaitingReason));
        }

        Classification? secretEvent = null;
        foreach (var observed in evidence.Events.OrderByDescending(e => e.LastSeen ?? DateTimeOffset.MinValue))
        {
            var classification = MessageClassifier.Classify(observed.Message, observed.Reason);
            if (classification.Cause == CauseCode.PullSecretMissing)
            {
                secretEvent ??= classification;
            }
            else if (AboutImage(classification, evidence.Image))
            {
                candidates.Add(classification);
            }
        }

        var primary = candidates.FirstOrDefault(c => c.Cause != CauseCode.Unknown);
        if (primary is null)
        {
            return secretEvent
                ?? ReasonOnly(evidence)
                ?? candidates.FirstOrDefault()
                ?? MessageClassifier.Classify((string?)null);
        }

        return primary;
    }

    private static Classification? ReasonOnly(PullEvidence evidence)
    {
        var byReason = MessageClassifier.Classify(string.Empty, evidence.WaitingReason);
        return byReason.Cause == CauseCode.Unknown ? null : byReason with { Message = evidence.WaitingMessage };
    }

    // Events name the image they are about; a pod's other containers must not lend their causes.
    private static bool AboutImage(Classification classification, string? image) =>
        image is null || classification.Facts.Image is null || classification.Facts.Image == image;
}
