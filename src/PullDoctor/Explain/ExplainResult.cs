using PullDoctor.Core.Classification;
using PullDoctor.Core.Remediation;
using PullDoctor.Diagnosis;

namespace PullDoctor.Cli.Explain;

/// <summary>An item with its classification, its verdict and advice: the diagnosis pipeline on messages alone.</summary>
internal sealed record ExplainResult(ExplainItem Item, Classification Classification, Verdict Verdict, Advice Advice)
{
    public static ExplainResult For(ExplainItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        // explain reads no secrets: what the kubelet's Events say of them is all it knows.
        var secrets = KubeletSecretEvents.AsStates(item.Evidence.Events);
        var classification = item.Reading is { } reading ? ContainerPipeline.Refine(reading, secrets) : ContainerPipeline.Read(item.Evidence, secrets);
        var decision = DecisionRules.Decide(new DecisionInput { FromMessages = classification });
        var context = new RemediationContext
        {
            Namespace = item.Namespace,
            PodName = item.Pod,
            Workload = item.Owner?.Workload,
            ContainerName = item.Container,
            IsSandboxImage = classification.Facts.IsSandboxImage,
        };
        var (verdict, advice) = ContainerPipeline.Advise(decision.Verdict, item.Evidence.Image, context);
        return new ExplainResult(item, classification, verdict, advice);
    }

    /// <summary>Nothing to fix: the pull recovered, or nothing waits on an image.</summary>
    public bool IsFine => Item.Fine is not null;

    /// <summary>A cause was found: the pull problem is diagnosed.</summary>
    public bool IsDiagnosed => !IsFine && Verdict.Cause != Core.Causes.CauseCode.Unknown;
}
