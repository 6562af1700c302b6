using PullDoctor.Core.Causes;
using PullDoctor.Core.Classification;
using PullDoctor.Core.Remediation;
using PullDoctor.Diagnosis;
using PullDoctor.Operator.Crds;
using PullDoctor.Operator.Diagnosis;
using PullDoctor.Operator.Tests.Support;
using PullDoctor.Registry.Probe;

namespace PullDoctor.Operator.Tests.Diagnosis;

public sealed class StatusBuilderTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 12, 0, 0, 250, TimeSpan.Zero);

    [Test]
    public void Failing_FirstTime_SetsPhaseCauseConditionsAndTimes()
    {
        var status = StatusBuilder.Failing(Analysis(CauseCode.TagNotFound), current: null, T0, generation: 1);

        Assert.Multiple(() =>
        {
            Assert.That(status.Phase, Is.EqualTo(DiagnosisPhase.Failing));
            Assert.That(status.Cause, Is.EqualTo("TagNotFound"));
            Assert.That(status.Summary, Is.EqualTo("summary TagNotFound"));
            Assert.That(status.Workload?.Kind, Is.EqualTo("Deployment"));
            Assert.That(status.FirstFailureTime, Is.EqualTo(new DateTime(2026, 1, 1, 12, 0, 0, DateTimeKind.Utc)), "whole seconds");
            Assert.That(status.ObservedGeneration, Is.EqualTo(1));
            Assert.That(status.Conditions!.Select(c => (c.Type, c.Status, c.Reason)), Is.EqualTo(new[]
            {
                ("Diagnosed", "True", "TagNotFound"),
                ("Resolved", "False", StatusBuilder.ReasonImagePullFailing),
            }));
            var container = status.Containers!.Single();
            Assert.That(container.Cause, Is.EqualTo("TagNotFound"));
            Assert.That(container.Confidence, Is.EqualTo("Confirmed"));
            Assert.That(container.Suggestions, Is.EqualTo(new[] { "1.25.3" }));
            Assert.That(container.Evidence?.Probe?.Outcome, Is.EqualTo("TagNotFound"));
            Assert.That(container.Evidence?.Probe?.HttpStatus, Is.EqualTo(404));
            Assert.That(container.Remediation!.Single().Command, Is.EqualTo("kubectl fix"));
            Assert.That(container.PullSecrets!.Single().State, Is.EqualTo("Found"));
        });
    }

    [Test]
    public void Failing_NothingChangedButTime_IsTheSameStatus()
    {
        var first = StatusBuilder.Failing(Analysis(CauseCode.TagNotFound), null, T0, 1);

        var again = StatusBuilder.Failing(Analysis(CauseCode.TagNotFound, probeAt: T0.AddMinutes(5)), first, T0.AddMinutes(10), 1);

        Assert.That(StatusComparer.Same(again, first), Is.True);
    }

    [Test]
    public void Failing_CauseChanged_DiffersAndKeepsTheResolvedConditionTransitionTime()
    {
        var first = StatusBuilder.Failing(Analysis(CauseCode.TagNotFound), null, T0, 1);

        var changed = StatusBuilder.Failing(Analysis(CauseCode.AuthenticationRequired), first, T0.AddMinutes(1), 1);

        Assert.Multiple(() =>
        {
            Assert.That(StatusComparer.Same(changed, first), Is.False);
            Assert.That(changed.Conditions!.Single(c => c.Type == "Resolved").LastTransitionTime, Is.EqualTo(first.Conditions!.Single(c => c.Type == "Resolved").LastTransitionTime));
            Assert.That(changed.FirstFailureTime, Is.EqualTo(first.FirstFailureTime));
        });
    }

    [Test]
    public void Failing_NewerFailureEvent_MovesLastFailureTime()
    {
        var first = StatusBuilder.Failing(Analysis(CauseCode.TagNotFound, lastFailure: T0), null, T0, 1);

        var later = StatusBuilder.Failing(Analysis(CauseCode.TagNotFound, lastFailure: T0.AddMinutes(15)), first, T0.AddMinutes(15), 1);

        Assert.That(later.LastFailureTime, Is.EqualTo(StatusTime.Of(T0.AddMinutes(15))));
    }

    [Test]
    public void Failing_NewerFailureWithinTheResolution_KeepsLastFailureTime()
    {
        var first = StatusBuilder.Failing(Analysis(CauseCode.TagNotFound, lastFailure: T0), null, T0, 1);

        var retry = StatusBuilder.Failing(Analysis(CauseCode.TagNotFound, lastFailure: T0.AddMinutes(5)), first, T0.AddMinutes(5), 1);

        Assert.That(StatusComparer.Same(retry, first), Is.True, "a kubelet retry alone is not news");
    }

    [Test]
    public void Failing_ErrImagePullToImagePullBackOff_IsNotAChange()
    {
        var first = StatusBuilder.Failing(Analysis(CauseCode.TagNotFound), null, T0, 1);
        var analysis = Analysis(CauseCode.TagNotFound);
        analysis = analysis with { Findings = [analysis.Findings[0] with { Container = analysis.Findings[0].Container with { WaitingReason = "ImagePullBackOff" } }] };

        Assert.That(StatusComparer.Same(StatusBuilder.Failing(analysis, first, T0.AddMinutes(1), 1), first), Is.True);
    }

    [Test]
    public void Resolved_KeepsTheDiagnosisAsHistory_AndIsStable()
    {
        var failing = StatusBuilder.Failing(Analysis(CauseCode.TagNotFound), null, T0, 1);

        var resolved = StatusBuilder.Resolved(failing, T0.AddMinutes(3), 1);
        var again = StatusBuilder.Resolved(resolved, T0.AddMinutes(9), 1);

        Assert.Multiple(() =>
        {
            Assert.That(resolved.Phase, Is.EqualTo(DiagnosisPhase.Resolved));
            Assert.That(resolved.ResolvedTime, Is.EqualTo(StatusTime.Of(T0.AddMinutes(3))));
            Assert.That(resolved.Cause, Is.EqualTo("TagNotFound"));
            Assert.That(resolved.Containers, Has.Count.EqualTo(1));
            Assert.That(resolved.Conditions!.Single(c => c.Type == "Resolved").Status, Is.EqualTo("True"));
            Assert.That(StatusComparer.Same(again, resolved), Is.True);
        });
    }

    [Test]
    public void Failing_AfterResolved_StartsANewEpisode()
    {
        var resolved = StatusBuilder.Resolved(StatusBuilder.Failing(Analysis(CauseCode.TagNotFound), null, T0, 1), T0.AddMinutes(3), 1);

        var again = StatusBuilder.Failing(Analysis(CauseCode.TagNotFound), resolved, T0.AddHours(1), 1);

        Assert.Multiple(() =>
        {
            Assert.That(again.Phase, Is.EqualTo(DiagnosisPhase.Failing));
            Assert.That(again.ResolvedTime, Is.Null);
            Assert.That(again.FirstFailureTime, Is.EqualTo(StatusTime.Of(T0.AddHours(1))));
        });
    }

    [Test]
    public void Failing_SeveralContainers_SummaryCountsTheOthers()
    {
        var analysis = Analysis(CauseCode.TagNotFound);
        analysis = analysis with { Findings = [analysis.Findings[0], analysis.Findings[0] with { Container = analysis.Findings[0].Container with { Name = "sidecar" } }] };

        var status = StatusBuilder.Failing(analysis, null, T0, 1);

        Assert.That(status.Summary, Is.EqualTo("summary TagNotFound (1 more container cannot pull its image.)"));
    }

    [Test]
    public void Failing_LongKubeletMessage_IsTruncated()
    {
        var analysis = Analysis(CauseCode.Unknown, message: new string('m', 5000));

        var status = StatusBuilder.Failing(analysis, null, T0, 1);

        Assert.That(status.Containers![0].Evidence!.KubeletMessage, Has.Length.EqualTo(ContainerEvidence.KubeletMessageMaxLength));
    }

    [Test]
    public void Failing_Disagreement_IsInTheExplanation()
    {
        var analysis = Analysis(CauseCode.TagNotFound);
        analysis = analysis with { Findings = [analysis.Findings[0] with { Verdict = analysis.Findings[0].Verdict with { Disagreement = "They disagree." } }] };

        Assert.That(StatusBuilder.Failing(analysis, null, T0, 1).Containers![0].Explanation, Is.EqualTo("explanation They disagree."));
    }

    [Test]
    public void StatusComparer_RoundTripThroughJson_IsSame()
    {
        var status = StatusBuilder.Failing(Analysis(CauseCode.TagNotFound), null, T0, 1);
        var roundTripped = k8s.KubernetesJson.Deserialize<ImagePullDiagnosisStatus>(k8s.KubernetesJson.Serialize(status));

        Assert.That(StatusComparer.Same(status, roundTripped), Is.True);
    }

    [Test]
    public void Failing_FirstFailureTime_IsTheOldestEventsFirstOccurrence_NotTheNewestEvent()
    {
        // The review: a pod failing for 14 hours said it started a minute ago (the newest Event's time).
        var analysis = Analysis(CauseCode.TagNotFound, lastFailure: T0.AddMinutes(-1)) with { FirstFailureSeen = T0.AddHours(-14) };

        var fresh = StatusBuilder.Failing(analysis, current: null, T0, generation: 1);
        var older = StatusBuilder.Failing(analysis, current: new ImagePullDiagnosisStatus { Phase = DiagnosisPhase.Failing, FirstFailureTime = T0.AddMinutes(-5).UtcDateTime }, T0, generation: 1);

        Assert.Multiple(() =>
        {
            Assert.That(fresh.FirstFailureTime, Is.EqualTo(StatusTime.Of(T0.AddHours(-14))));
            Assert.That(older.FirstFailureTime, Is.EqualTo(StatusTime.Of(T0.AddHours(-14))), "a later first failure written before is corrected");
        });
    }

    [Test]
    public void Failing_ConfirmedThenTheProbeCannotAnswer_KeepsTheConfirmedVerdictAndSaysWhy()
    {
        var confirmed = StatusBuilder.Failing(Analysis(CauseCode.TagNotFound), null, T0, 1);

        var outage = StatusBuilder.Failing(Unanswered(CauseCode.ImageNotFound, "the probe got no answer about the image from h:5000 (ConnectionRefused: refused)"), confirmed, T0.AddMinutes(1), 1);

        var container = outage.Containers!.Single();
        Assert.Multiple(() =>
        {
            Assert.That((outage.Cause, container.Cause, container.Confidence), Is.EqualTo(("TagNotFound", "TagNotFound", "Confirmed")));
            Assert.That(outage.Summary, Is.EqualTo(confirmed.Summary));
            Assert.That(container.Suggestions, Is.EqualTo(new[] { "1.25.3" }), "the confirmed answer's evidence stays");
            Assert.That(container.Evidence!.Probe!.Outcome, Is.EqualTo("TagNotFound"));
            Assert.That(container.Evidence.Probe.LatestAttempt, Does.Contain("could not answer").And.Contain("ConnectionRefused"));
        });
    }

    [Test]
    public void Failing_ConfirmedThenTheKubeletsMessageChanges_IsReplaced()
    {
        var confirmed = StatusBuilder.Failing(Analysis(CauseCode.TagNotFound), null, T0, 1);

        var changed = StatusBuilder.Failing(Unanswered(CauseCode.ConnectionRefused, "not probed: x"), confirmed, T0.AddMinutes(1), 1);

        Assert.That((changed.Cause, changed.Containers!.Single().Confidence), Is.EqualTo(("ConnectionRefused", "Likely")));
    }

    [Test]
    public void Failing_ConfirmedThenAnUnconfirmedVerdictWithTheProbeAnswering_IsReplaced()
    {
        var confirmed = StatusBuilder.Failing(Analysis(CauseCode.TagNotFound), null, T0, 1);

        // The probe answered (e.g. the tag is now pullable): no gap, so nothing is held.
        var answered = StatusBuilder.Failing(Unanswered(CauseCode.ImageNotFound, gap: null), confirmed, T0.AddMinutes(1), 1);

        Assert.That((answered.Cause, answered.Containers!.Single().Confidence), Is.EqualTo(("ImageNotFound", "Likely")));
    }

    [Test]
    public void WithPicture_PictureChangesAlone_NoNewStatus_RefreshedWithTheNextWrite()
    {
        var started = new DateTime(2026, 1, 1, 11, 0, 0, DateTimeKind.Utc);
        var since = started.AddHours(-14);
        var first = StatusBuilder.WithPicture(StatusBuilder.Failing(Analysis(CauseCode.TagNotFound), null, T0, 1), null, new WorkloadPicture(1, started));

        var more = StatusBuilder.WithPicture(StatusBuilder.Failing(Analysis(CauseCode.TagNotFound), first, T0.AddMinutes(1), 1), first, new WorkloadPicture(7, since));
        var changed = StatusBuilder.WithPicture(StatusBuilder.Failing(Analysis(CauseCode.AccessDenied), first, T0.AddMinutes(1), 1), first, new WorkloadPicture(7, since));

        Assert.Multiple(() =>
        {
            Assert.That((first.Workload!.StuckPods, first.Workload.StuckSince), Is.EqualTo(((int?)1, (DateTime?)started)));
            Assert.That(StatusComparer.Same(more, first), Is.True, "a count alone is no reason to write");
            Assert.That((changed.Workload!.StuckPods, changed.Workload.StuckSince), Is.EqualTo(((int?)7, (DateTime?)since)), "refreshed with a write made for another reason");
        });
    }

    [Test]
    public void Failing_StuckRollout_IsAStructuredField_AndResolvedDropsThePicture()
    {
        var workload = new WorkloadReference("Deployment", "web") { ApiVersion = "apps/v1", Via = "web-7c9d", RunningReplicaSet = "web-5f4", RunningReadyPods = 3 };
        var failing = StatusBuilder.WithPicture(
            StatusBuilder.Failing(Analysis(CauseCode.TagNotFound) with { Workload = workload }, null, T0, 1), null, new WorkloadPicture(2, T0.UtcDateTime));

        var resolved = StatusBuilder.Resolved(failing, T0.AddMinutes(5), 1);

        Assert.Multiple(() =>
        {
            var rollout = failing.Workload!.Rollout!;
            Assert.That((rollout.NewReplicaSet, rollout.RunningReplicaSet, rollout.RunningReadyPods), Is.EqualTo(("web-7c9d", "web-5f4", (int?)3)));
            Assert.That(resolved.Workload!.Ref, Is.EqualTo("deployment/web"), "who the pod belonged to stays");
            Assert.That((resolved.Workload.StuckPods, resolved.Workload.StuckSince, resolved.Workload.Rollout), Is.EqualTo(((int?)null, (DateTime?)null, (DiagnosisRollout?)null)));
        });
    }

    [Test]
    public void Failing_NoStuckRollout_NoRolloutField()
    {
        var workload = new WorkloadReference("Deployment", "web") { ApiVersion = "apps/v1", Via = "web-7c9d" };

        var status = StatusBuilder.Failing(Analysis(CauseCode.TagNotFound) with { Workload = workload }, null, T0, 1);

        Assert.That(status.Workload!.Rollout, Is.Null);
    }

    [Test]
    public void Failing_CronJobWorkload_NamesTheStuckJobAndTheNode()
    {
        var analysis = Analysis(CauseCode.TagNotFound) with { Workload = new WorkloadReference("CronJob", "nightly-report") { ApiVersion = "batch/v1", Via = "nightly-report-29412360" } };

        var status = StatusBuilder.WithPicture(StatusBuilder.Failing(analysis, null, T0, 1), null, new WorkloadPicture(1, T0.UtcDateTime));

        Assert.Multiple(() =>
        {
            Assert.That((status.Workload!.Kind, status.Workload.Name, status.Workload.Ref), Is.EqualTo(("CronJob", "nightly-report", "cronjob/nightly-report")));
            Assert.That(status.Workload.Via, Is.EqualTo("nightly-report-29412360"), "the stuck Job");
            Assert.That(status.Workload.StuckPods, Is.EqualTo(1));
            Assert.That(status.Node, Is.EqualTo("node-1"));
        });
    }

    private static PodAnalysis Unanswered(CauseCode messageCause, string? gap)
    {
        var pod = PodProjection.Project(Pods.Stuck());
        var classification = new Classification(messageCause, Confidence.Likely, new PullFacts { Image = "nginx:1.25.x" }, "rule", "Failed to pull image");
        var finding = new ContainerFinding(
            pod.Containers[0],
            "docker.io/library/nginx:1.25.x",
            classification,
            new Verdict(messageCause, Confidence.Likely, classification.Facts),
            new Advice("summary " + messageCause, "explanation", [new RemediationStep("check it", null)]),
            [],
            null,
            gap is null ? null : new ProbeGap(gap));
        return new PodAnalysis(pod, new WorkloadReference("Deployment", "web"), "linux/amd64", [finding], null);
    }

    private static PodAnalysis Analysis(CauseCode cause, DateTimeOffset? probeAt = null, DateTimeOffset? lastFailure = null, string message = "Failed to pull image")
    {
        var pod = PodProjection.Project(Pods.Stuck());
        var classification = new Classification(cause, Confidence.Likely, new PullFacts { Image = "nginx:1.25.x" }, "rule", message);
        var probe = new ProbeResult
        {
            Verdict = ProbeVerdict.Problem,
            Cause = cause,
            Reference = "docker.io/library/nginx:1.25.x",
            RegistryHost = "registry-1.docker.io",
            HttpStatus = 404,
            CheckedAt = probeAt ?? T0,
            Detail = "d",
            SuggestedTags = ["1.25.3"],
        };
        var finding = new ContainerFinding(
            pod.Containers[0],
            "docker.io/library/nginx:1.25.x",
            classification,
            new Verdict(cause, Confidence.Confirmed, classification.Facts),
            new Advice("summary " + cause, "explanation", [new RemediationStep("fix it", "kubectl fix")]),
            [new EffectivePullSecret("regcred", PullSecretSource.Pod, PullSecretState.Found)],
            probe);
        return new PodAnalysis(pod, new WorkloadReference("Deployment", "web"), "linux/amd64", [finding], lastFailure);
    }
}
