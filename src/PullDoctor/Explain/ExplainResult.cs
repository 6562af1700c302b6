using PullDoctor.Core.Classification;
using PullDoctor.Core.Remediation;

namespace PullDoctor.Cli.Explain;

/// <summary>An item with its classification and advice.</summary>
internal sealed record ExplainResult(ExplainItem Item, Classification Classification, Advice Advice)
{
    public static ExplainResult For(ExplainItem item)
    {
        var classification = EvidenceClassifier.Classify(item.Evidence);
        var context = new RemediationContext
        {
            Namespace = item.Namespace,
            PodName = item.Pod,
            Workload = item.Owner?.Workload,
            ContainerName = item.Container,
            IsSandboxImage = classification.Facts.IsSandboxImage,
        };
        var facts = item.Evidence.Image is { } image && classification.Facts.Image is null ? classification.Facts with { Image = image } : classification.Facts;
        return new ExplainResult(item, classification, AdviceWriter.Write(classification.Cause, facts, context));
    }

    /// <summary>Nothing to fix: the pull recovered, or nothing waits on an image.</summary>
    public bool IsFine => Item.Fine is not null;

    /// <summary>A cause was found: the pull problem is diagnosed.</summary>
    public bool IsDiagnosed => !IsFine && Classification.Cause != Core.Causes.CauseCode.Unknown;
}
