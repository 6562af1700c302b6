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
            ContainerName = item.Container,
            IsSandboxImage = classification.Facts.IsSandboxImage,
        };
        var facts = item.Evidence.Image is { } image && classification.Facts.Image is null ? classification.Facts with { Image = image } : classification.Facts;
        return new ExplainResult(item, classification, AdviceWriter.Write(classification.Cause, facts, context));
    }
}
