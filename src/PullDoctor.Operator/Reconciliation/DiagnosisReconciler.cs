using Microsoft.Extensions.Logging;
using PullDoctor.Core.Causes;
using PullDoctor.Diagnosis;
using PullDoctor.Operator.Controllers;
using PullDoctor.Operator.Crds;
using PullDoctor.Operator.Diagnosis;
using PullDoctor.Operator.Events;
using PullDoctor.Operator.Informers;
using PullDoctor.Operator.Kube;
using PullDoctor.Operator.Observability;
using PullDoctor.Operator.Queues;

namespace PullDoctor.Operator.Reconciliation;

/// <summary>
/// Converges one pod's ImagePullDiagnosis with the cluster: created (owned by the pod) when the pod is stuck,
/// status written through the status subresource only when it changed, an Event on the pod once per cause
/// change and once on recovery (the recorder only sends; deciding when to announce is ours). Everything is derived from cluster state, including which Event was last
/// posted: the status is written before the Event, so a Failing status's cause, or Resolved, is what was announced (no
/// separate bookkeeping field in the status a person reads), and a restarted operator neither loses nor repeats
/// anything. The diagnosis carries labels naming its workload and cause (<see cref="DiagnosisMetadata"/>), set on
/// create and patched when the cause changes.
/// </summary>
internal sealed partial class DiagnosisReconciler(
    IObjectStore<PodSnapshot> stuckPods,
    IDiagnosisClient diagnoses,
    IClusterReader reader,
    PodAnalyzer analyzer,
    IEventRecorder events,
    TimeProvider time,
    OperatorMetrics? metrics,
    ILogger<DiagnosisReconciler> logger,
    IObjectStore<SandboxPullEvent>? sandboxEvents = null,
    TimeSpan? recheckInterval = null,
    StuckWorkloads? stuckWorkloads = null) : IReconciler<ObjectKey>
{
    private readonly StuckWorkloads _workloads = stuckWorkloads ?? new StuckWorkloads();

    public const string RecoveredReason = "ImagePullRecovered";

    /// <summary>reportingController of our Events (shown as their source by kubectl).</summary>
    public const string ReportingController = "pulldoctor.dev/operator";

    /// <summary>The action of our Events.</summary>
    public const string EventAction = "DiagnoseImagePull";

    /// <summary>How soon to look again at a pod that is neither stuck nor fully pulled (e.g. still initializing).</summary>
    public static readonly TimeSpan RecheckPending = TimeSpan.FromSeconds(15);

    private TimeSpan Recheck => recheckInterval ?? RecheckPending;

    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        var ns = key.Namespace ?? string.Empty;
        var current = await diagnoses.GetAsync(ns, key.Name, cancellationToken);
        if (stuckPods.TryGet(key, out var pod))
        {
            return await StuckAsync(pod, current, cancellationToken);
        }

        // Not stuck on a container's pull (recovered, deleted, never stuck, or stuck on the sandbox image): only a
        // Failing diagnosis or a sandbox-pull Event needs a look.
        _workloads.Forget(new PodKey(ns, key.Name));
        var hasSandboxEvent = sandboxEvents?.List().Any(e => e.Value.Namespace == ns && e.Value.PodName == key.Name) == true;
        if (current?.Status?.Phase != DiagnosisPhase.Failing && !hasSandboxEvent)
        {
            return ReconcileResult.Done;
        }

        metrics?.ForgetStuck(key);
        var live = await reader.GetPodAsync(ns, key.Name, cancellationToken);
        if (live is null)
        {
            // The pod is gone; garbage collection removes its diagnosis through the owner reference.
            return ReconcileResult.Done;
        }

        // A Failing diagnosis of an earlier pod with this name is left to garbage collection, unless the new pod is
        // stuck on its sandbox (StuckAsync then replaces it).
        var samePod = current?.Status?.Phase == DiagnosisPhase.Failing && live.Metadata?.Uid == current.Spec?.PodUid;
        var snapshot = PodProjection.Project(live);
        if (samePod && snapshot.IsStuck)
        {
            return await StuckAsync(snapshot, current, cancellationToken);
        }

        if (sandboxEvents is not null
            && SandboxEvents.AwaitsSandbox(live)
            && SandboxEvents.Latest(sandboxEvents, ns, key.Name, snapshot.Uid) is { } sandboxEvent)
        {
            // Nothing announces that the sandbox was created at last (the Event only stops): look again.
            await StuckAsync(SandboxEvents.WithSandbox(snapshot, sandboxEvent), current, cancellationToken);
            return ReconcileResult.After(Recheck);
        }

        if (!samePod || current is null)
        {
            return ReconcileResult.Done;
        }

        if (!snapshot.AllImagesPulled)
        {
            return ReconcileResult.After(Recheck);
        }

        await ResolveAsync(snapshot, current, cancellationToken);
        return ReconcileResult.Done;
    }

    private async Task<ReconcileResult> StuckAsync(PodSnapshot pod, ImagePullDiagnosis? current, CancellationToken cancellationToken)
    {
        if (current is not null && current.Spec?.PodUid != pod.Uid)
        {
            // A diagnosis of an earlier pod with the same name, not yet garbage-collected.
            await diagnoses.DeleteAsync(pod.Namespace, pod.Name, current.Metadata.Uid, cancellationToken);
            metrics?.Writes.WithLabels("delete").Inc();
            current = null;
        }

        var analysis = await analyzer.AnalyzeAsync(pod, cancellationToken);
        if (analysis.Primary is not { } primary)
        {
            return ReconcileResult.Done;
        }

        var desired = StatusBuilder.Failing(analysis, current?.Status, time.GetUtcNow(), current?.Metadata.Generation);
        if (current is null)
        {
            current = await CreateAsync(pod, analysis, desired.Cause!, cancellationToken);
            desired = StatusBuilder.Failing(analysis, current.Status, time.GetUtcNow(), current.Metadata.Generation);
        }

        if (analysis.Workload is { } workload && desired.FirstFailureTime is { } firstFailure)
        {
            var picture = _workloads.Note(new PodKey(pod.Namespace, pod.Name), workload.Kind, workload.Name, firstFailure);
            desired = StatusBuilder.WithPicture(desired, current.Status, picture);
        }

        var announced = Announced(current);

        var announce = desired.Cause != announced;
        metrics?.NoteStuck(new ObjectKey(pod.Namespace, pod.Name), desired.Cause!);
        if (!StatusComparer.Same(desired, current.Status))
        {
            current.Status = desired;
            current = await diagnoses.ReplaceStatusAsync(current, cancellationToken);
            metrics?.Writes.WithLabels("status").Inc();
            Log.StatusWritten(logger, pod.Namespace, pod.Name, desired.Phase!, desired.Cause!);
        }

        await EnsureLabelsAsync(current, DiagnosisMetadata.Labels(analysis.Workload, desired.Cause), cancellationToken);
        if (announce)
        {
            // After the status write: a crash in between loses one Event rather than repeating it on restart.
            // The Event names the image (the status shows it beside the summary); a verdict kept through a probe
            // outage speaks with the summary it was confirmed with.
            var shown = desired.Containers![0];
            var held = shown.Cause != primary.Verdict.Cause.ToString() || shown.Confidence != primary.Verdict.Confidence.ToString();
            var note = EventNotes.Failing(shown, held ? desired.Summary : primary.Advice.Summary, primary.ProbeGap?.Detail);
            events.Record(Regarding(pod), EventTypes.Warning, desired.Cause!, EventAction, note);
            metrics?.Writes.WithLabels("event").Inc();
            metrics?.Diagnoses.WithLabels(desired.Cause!).Inc();
        }

        return ReconcileResult.Done;
    }

    /// <summary>
    /// The reason of the Event last posted for this diagnosis, read from its status: the status is written before the
    /// Event (a crash in between loses that Event rather than repeating it), so Resolved means the recovery was
    /// announced and a Failing status's cause is the cause that was.
    /// </summary>
    private static string? Announced(ImagePullDiagnosis current) => current.Status?.Phase switch
    {
        DiagnosisPhase.Failing => current.Status.Cause,
        DiagnosisPhase.Resolved => RecoveredReason,
        _ => null,
    };

    /// <summary>Patches the labels when they differ (after a cause change; none when they match).</summary>
    private async Task EnsureLabelsAsync(ImagePullDiagnosis current, Dictionary<string, string> labels, CancellationToken cancellationToken)
    {
        if (DiagnosisMetadata.Carries(current.Metadata.Labels, labels))
        {
            return;
        }

        await diagnoses.PatchLabelsAsync(current.Metadata.NamespaceProperty ?? string.Empty, current.Metadata.Name, labels, cancellationToken);
        metrics?.Writes.WithLabels("metadata").Inc();
    }

    private async Task<ImagePullDiagnosis> CreateAsync(PodSnapshot pod, PodAnalysis analysis, string cause, CancellationToken cancellationToken)
    {
        var diagnosis = new ImagePullDiagnosis
        {
            Metadata = new k8s.Models.V1ObjectMeta
            {
                Name = pod.Name,
                NamespaceProperty = pod.Namespace,
                Labels = DiagnosisMetadata.Labels(analysis.Workload, cause),
                OwnerReferences =
                [
                    new k8s.Models.V1OwnerReference { ApiVersion = "v1", Kind = "Pod", Name = pod.Name, Uid = pod.Uid, Controller = true, BlockOwnerDeletion = false },
                ],
            },
            Spec = new ImagePullDiagnosisSpec { PodName = pod.Name, PodUid = pod.Uid },
        };
        try
        {
            var created = await diagnoses.CreateAsync(diagnosis, cancellationToken);
            metrics?.Writes.WithLabels("create").Inc();
            return created;
        }
        catch (Exception ex) when (KubeErrors.IsAlreadyExists(ex))
        {
            // Another writer (a previous term of ours) created it since we looked: converge from what is there.
            return await diagnoses.GetAsync(pod.Namespace, pod.Name, cancellationToken)
                ?? throw new InvalidOperationException($"diagnosis {pod.Namespace}/{pod.Name} exists and does not", ex);
        }
    }

    private async Task ResolveAsync(PodSnapshot pod, ImagePullDiagnosis current, CancellationToken cancellationToken)
    {
        var desired = StatusBuilder.Resolved(current.Status!, time.GetUtcNow(), current.Metadata.Generation);
        var announce = Announced(current) != RecoveredReason;
        if (!StatusComparer.Same(desired, current.Status))
        {
            current.Status = desired;
            await diagnoses.ReplaceStatusAsync(current, cancellationToken);
            metrics?.Writes.WithLabels("status").Inc();
            Log.StatusWritten(logger, pod.Namespace, pod.Name, desired.Phase!, desired.Cause ?? nameof(CauseCode.Unknown));
        }

        if (announce)
        {
            var note = $"All images of the pod have been pulled; the earlier {desired.Cause ?? "image pull"} problem is resolved.";
            events.Record(Regarding(pod), EventTypes.Normal, RecoveredReason, EventAction, note);
            metrics?.Writes.WithLabels("event").Inc();
            metrics?.Recoveries.Inc();
        }
    }

    private static k8s.Models.V1ObjectReference Regarding(PodSnapshot pod) =>
        new() { ApiVersion = "v1", Kind = "Pod", Name = pod.Name, NamespaceProperty = pod.Namespace, Uid = pod.Uid };

    private static partial class Log
    {
        [LoggerMessage(200, LogLevel.Information, "Diagnosis {Namespace}/{Name}: {Phase} {Cause}")]
        public static partial void StatusWritten(ILogger logger, string @namespace, string name, string phase, string cause);
    }
}
