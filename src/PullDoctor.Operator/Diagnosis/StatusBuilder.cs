using PullDoctor.Core.Causes;
using PullDoctor.Core.Remediation;
using PullDoctor.Diagnosis;
using PullDoctor.Operator.Crds;

namespace PullDoctor.Operator.Diagnosis;

/// <summary>
/// Computes the desired status of a diagnosis from an analysis and the current status. Pure: times that
/// did not change are carried over from the current status, so an unchanged pod gives an identical
/// status and no write.
/// </summary>
public static class StatusBuilder
{
    public const string ReasonImagePullFailing = "ImagePullFailing";
    public const string ReasonImagesPulled = "ImagesPulled";

    /// <summary>
    /// lastFailureTime moves only in steps this large: every kubelet retry refreshes its Events, and a status
    /// write per retry per stuck pod would be a write storm that tells a person nothing new.
    /// </summary>
    public static readonly TimeSpan LastFailureResolution = TimeSpan.FromMinutes(10);

    /// <summary>
    /// The Failing status without the workload's picture (see <see cref="WithPicture"/>, which needs this status'
    /// first failure time).
    /// </summary>
    public static ImagePullDiagnosisStatus Failing(PodAnalysis analysis, ImagePullDiagnosisStatus? current, DateTimeOffset now, long? generation)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        var primary = analysis.Primary ?? throw new ArgumentException("a failing status needs at least one stuck container", nameof(analysis));
        var nowTime = StatusTime.Of(now);
        var newEpisode = current?.Phase != DiagnosisPhase.Failing;
        var containers = analysis.Findings.Select(f => Container(f, Find(current, f.Container.Name))).ToList();

        // A confirmed verdict kept through a probe outage (see Holds) speaks for the pod as it did before.
        var primaryHeld = Holds(Find(current, primary.Container.Name), primary);
        var cause = containers[0].Cause ?? primary.Verdict.Cause.ToString();
        var summary = primaryHeld && current?.Summary is { } kept ? kept : Summary(analysis);

        var lastSeen = analysis.LastFailureSeen is { } seen ? StatusTime.Of(seen) : (DateTime?)null;
        var previous = newEpisode ? null : StatusTime.Of(current?.LastFailureTime);
        var lastFailure = previous is { } p && (lastSeen is null || lastSeen - p < LastFailureResolution) ? p : Max(previous, lastSeen) ?? nowTime;
        // The first failure is when the oldest failed-pull Event first happened (a pod failing for 14 hours has said
        // so in its Events' firstTimestamp all along), not when the newest one was seen.
        var firstSeen = analysis.FirstFailureSeen is { } first ? StatusTime.Of(first) : (DateTime?)null;
        var firstFailure = newEpisode || current?.FirstFailureTime is null
            ? Min(Min(firstSeen, lastSeen), nowTime)
            : Min(StatusTime.Of(current.FirstFailureTime), firstSeen);

        var stuck = analysis.Findings.Count;
        var status = StatusBounds.Enforce(new ImagePullDiagnosisStatus
        {
            Phase = DiagnosisPhase.Failing,
            Cause = cause,
            Summary = summary,
            Workload = analysis.Workload is { } w ? Workload(w) : null,
            Node = analysis.Pod.NodeName,
            Containers = containers,
            FirstFailureTime = firstFailure,
            LastFailureTime = lastFailure,
            ResolvedTime = null,
            ObservedGeneration = generation,
            Conditions =
            [
                Condition(current, DiagnosisCondition.Diagnosed, "True", cause, summary, nowTime, generation),
                Condition(current, DiagnosisCondition.Resolved, "False", ReasonImagePullFailing, stuck == 1 ? "1 container cannot pull its image." : $"{stuck} containers cannot pull their images.", nowTime, generation),
            ],
        });

        return status;
    }

    /// <summary>
    /// Adds the workload's picture (how many of its pods are stuck, since when) to a Failing status. The picture moves
    /// whenever one more pod of a burst gets stuck: alone it is no reason to rewrite every sibling's status (a
    /// 1,000-pod burst would cost a write storm), so the current figures are kept until the status is written for
    /// another reason (the last failure time moves every <see cref="LastFailureResolution"/> while the kubelet retries).
    /// </summary>
    internal static ImagePullDiagnosisStatus WithPicture(ImagePullDiagnosisStatus status, ImagePullDiagnosisStatus? current, WorkloadPicture picture)
    {
        ArgumentNullException.ThrowIfNull(status);
        if (status.Workload is not { } workload)
        {
            return status;
        }

        if (current?.Workload is { StuckPods: { } knownCount, StuckSince: { } knownSince })
        {
            workload.StuckPods = knownCount;
            workload.StuckSince = StatusTime.Of((DateTime?)knownSince);
            if (StatusComparer.Same(status, current))
            {
                return status;
            }
        }

        workload.StuckPods = picture.StuckPods;
        workload.StuckSince = StatusTime.Of((DateTime?)picture.StuckSince);
        return status;
    }

    private static DiagnosisWorkload Workload(WorkloadReference w) => new()
    {
        Kind = w.Kind,
        Name = w.Name,
        Ref = w.KubectlName,
        Via = w.Via,
        Rollout = w is { Via: { } stuck, RunningReplicaSet: { } running }
            ? new DiagnosisRollout { NewReplicaSet = stuck, RunningReplicaSet = running, RunningReadyPods = w.RunningReadyPods }
            : null,
    };

    /// <summary>The status once all images of the pod have been pulled: the last diagnosis stays as history.</summary>
    public static ImagePullDiagnosisStatus Resolved(ImagePullDiagnosisStatus current, DateTimeOffset now, long? generation)
    {
        ArgumentNullException.ThrowIfNull(current);
        var nowTime = StatusTime.Of(now);
        var resolvedTime = current.Phase == DiagnosisPhase.Resolved ? StatusTime.Of(current.ResolvedTime) ?? nowTime : nowTime;
        return StatusBounds.Enforce(new ImagePullDiagnosisStatus
        {
            Phase = DiagnosisPhase.Resolved,
            Cause = current.Cause,
            Summary = current.Summary,
            // Who the pod belongs to stays as history; how many are stuck and the rollout were about the failure.
            Workload = current.Workload is { } w ? new DiagnosisWorkload { Kind = w.Kind, Name = w.Name, Ref = w.Ref, Via = w.Via } : null,
            Node = current.Node,
            Containers = current.Containers,
            FirstFailureTime = StatusTime.Of(current.FirstFailureTime),
            LastFailureTime = StatusTime.Of(current.LastFailureTime),
            ResolvedTime = resolvedTime,
            ObservedGeneration = generation,
            Conditions =
            [
                Condition(current, DiagnosisCondition.Diagnosed, "True", current.Cause ?? nameof(CauseCode.Unknown), current.Summary, nowTime, generation),
                Condition(current, DiagnosisCondition.Resolved, "True", ReasonImagesPulled, "All images of the pod have been pulled.", nowTime, generation),
            ],
        });
    }

    private static string Summary(PodAnalysis analysis)
    {
        var primary = analysis.Primary!;
        var others = analysis.Findings.Count - 1;
        var summary = WithoutImage(primary.Advice.Summary, primary.Container.Image);
        return others switch
        {
            0 => summary,
            1 => $"{summary} (1 more container cannot pull its image.)",
            _ => $"{summary} ({others} more containers cannot pull their images.)",
        };
    }

    /// <summary>
    /// The advice's summary opens with the image ("nginx:1.25.x: tag … does not exist …"), which the status already
    /// shows beside it (containers[].image, the Image column): the status sentence starts with what is wrong.
    /// </summary>
    internal static string WithoutImage(string summary, string? image)
    {
        if (image is { Length: > 0 } && summary.StartsWith(image + ": ", StringComparison.Ordinal) && summary.Length > image.Length + 2)
        {
            var rest = summary[(image.Length + 2)..];
            return char.ToUpperInvariant(rest[0]) + rest[1..];
        }

        return summary;
    }

    /// <summary>Whether the status' Confirmed verdict for this container stands (<see cref="DecisionRules.Holds"/>).</summary>
    public static bool Holds(ContainerDiagnosis? current, ContainerFinding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        return current is { Confidence: nameof(Confidence.Confirmed), Image: { } image }
            && Enum.TryParse<CauseCode>(current.Cause, out var confirmed)
            && DecisionRules.Holds(confirmed, image, finding);
    }

    private static ContainerDiagnosis Container(ContainerFinding finding, ContainerDiagnosis? current)
    {
        if (Holds(current, finding))
        {
            var held = k8s.KubernetesJson.Deserialize<ContainerDiagnosis>(k8s.KubernetesJson.Serialize(current));
            held.WaitingReason = IsRetryFlip(current!.WaitingReason, finding.Container.WaitingReason) ? current.WaitingReason : finding.Container.WaitingReason;
            held.Evidence ??= new ContainerEvidence();
            held.Evidence.Probe ??= new ProbeEvidence();
            held.Evidence.Probe.LatestAttempt = $"The latest probe could not answer ({finding.ProbeGap!.Detail}); the confirmed answer stands until the kubelet's message changes.";
            return held;
        }

        var advice = finding.Advice;
        var explanation = finding.Verdict.Disagreement is { } note ? $"{advice.Explanation} {note}" : advice.Explanation;
        var suggestions = finding.Probe?.SuggestedTags is { Count: > 0 } tags ? tags.ToList() : null;
        var secrets = finding.PullSecrets.Count == 0
            ? null
            : finding.PullSecrets.Select(s => new PullSecretReport { Name = s.Name, Source = s.Source.ToString(), State = s.State?.ToString() }).ToList();
        return new ContainerDiagnosis
        {
            Name = finding.Container.Name,
            ContainerType = finding.Container.ContainerType,
            Image = finding.Container.Image,
            Reference = finding.Reference,
            WaitingReason = IsRetryFlip(current?.WaitingReason, finding.Container.WaitingReason) ? current!.WaitingReason : finding.Container.WaitingReason,
            Cause = finding.Verdict.Cause.ToString(),
            Confidence = finding.Verdict.Confidence.ToString(),
            Explanation = explanation,
            Remediation = advice.Steps.Select(s => new RemediationStepStatus { Text = s.Text, Command = s.Command }).ToList(),
            Suggestions = suggestions,
            Evidence = new ContainerEvidence
            {
                KubeletMessage = SameDiagnosis(current, finding) && current!.Evidence?.KubeletMessage is { } kept ? kept : Truncate(finding.EvidenceMessage),
                Probe = Probe(finding, current?.Evidence?.Probe),
            },
            PullSecrets = secrets,
        };
    }

    private static ProbeEvidence? Probe(ContainerFinding finding, ProbeEvidence? current)
    {
        if (finding.Probe is not { } probe)
        {
            // Not asked (probing off) or no answer yet: say which, instead of nothing.
            return finding.ProbeGap is { } gap
                ? new ProbeEvidence { Outcome = gap.NotAsked ? "NotProbed" : "Pending", Detail = gap.Detail }
                : null;
        }

        var outcome = probe.IsPullable ? "Pullable" : probe.Cause?.ToString() ?? probe.Verdict.ToString();
        var checkedAt = StatusTime.Of(probe.CheckedAt);
        var detail = finding.ProbeGap?.Detail ?? probe.Detail;

        // A cached probe re-read, or a new probe that saw the same, is not news: keep the time (and words) it was first seen.
        if (current is not null && current.Outcome == outcome && current.HttpStatus == probe.HttpStatus && current.RegistryHost == probe.RegistryHost)
        {
            checkedAt = StatusTime.Of(current.CheckedAt) ?? checkedAt;
            detail = current.Detail ?? detail;
        }

        return new ProbeEvidence { Outcome = outcome, HttpStatus = probe.HttpStatus, RegistryHost = probe.RegistryHost, CheckedAt = checkedAt, Detail = detail };
    }

    private static DiagnosisCondition Condition(ImagePullDiagnosisStatus? current, string type, string status, string reason, string? message, DateTime now, long? generation)
    {
        var existing = current?.Conditions?.FirstOrDefault(c => c.Type == type);
        var transition = existing is not null && existing.Status == status ? StatusTime.Of(existing.LastTransitionTime) ?? now : now;
        return new DiagnosisCondition
        {
            Type = type,
            Status = status,
            Reason = reason,
            Message = message,
            LastTransitionTime = transition,
            ObservedGeneration = generation,
        };
    }

    // The same failure is worded differently by the waiting message and by the Event (and again on every
    // retry): while the diagnosis stands, the evidence first recorded stands with it.
    private static bool SameDiagnosis(ContainerDiagnosis? current, ContainerFinding finding) =>
        current is not null
        && current.Image == finding.Container.Image
        && current.Cause == finding.Verdict.Cause.ToString()
        && current.Confidence == finding.Verdict.Confidence.ToString();

    // The kubelet alternates ErrImagePull and ImagePullBackOff on every retry; both say "the pull fails, retrying".
    private static bool IsRetryFlip(string? current, string? next) =>
        current is "ErrImagePull" or "ImagePullBackOff" && next is "ErrImagePull" or "ImagePullBackOff";

    private static ContainerDiagnosis? Find(ImagePullDiagnosisStatus? current, string name) =>
        current?.Containers?.FirstOrDefault(c => c.Name == name);

    private static string? Truncate(string? message) =>
        message is null || message.Length <= ContainerEvidence.KubeletMessageMaxLength
            ? message
            : message[..(ContainerEvidence.KubeletMessageMaxLength - 1)] + "…";

    private static DateTime? Max(DateTime? a, DateTime? b) => a is null ? b : b is null ? a : a > b ? a : b;

    private static DateTime? Min(DateTime? a, DateTime? b) => a is null ? b : b is null ? a : a < b ? a : b;
}
