using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PullDoctor.Diagnosis;
using PullDoctor.Operator.Crds;
using PullDoctor.Operator.Diagnosis;
using PullDoctor.Operator.Informers;
using PullDoctor.Operator.LeaderElection;
using PullDoctor.Operator.Queues;
using PullDoctor.Operator.Reconciliation;

namespace PullDoctor.Operator.Hosting;

/// <summary>
/// At the start of every leadership term, after the pod caches synced, queues every Failing diagnosis whose pod is
/// not (or no longer) stuck: a pod that recovered while no replica was leading still gets its Resolved status and
/// its recovery Event. Stuck pods need no sweep; the informer replays them.
/// </summary>
internal sealed partial class FailingDiagnosisSweep(
    ILeadershipGate gate,
    IReadOnlyList<IInformer<PodSnapshot>> informers,
    IObjectStore<PodSnapshot> stuckPods,
    IDiagnosisClient diagnoses,
    IWorkQueue<ObjectKey> queue,
    IReadOnlyList<string> namespaces,
    TimeProvider time,
    ILogger<FailingDiagnosisSweep> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            CancellationToken term;
            try
            {
                term = await gate.WhenLeaderAsync(stoppingToken);
                await Task.WhenAll(informers.Select(i => i.WaitForSyncAsync(stoppingToken)));
                await SweepWithRetriesAsync(term, stoppingToken);

                // Sleep until this term ends (or the host stops); the next term sweeps again.
                using var untilTermEnds = CancellationTokenSource.CreateLinkedTokenSource(term, stoppingToken);
                await Task.Delay(Timeout.Infinite, untilTermEnds.Token).ContinueWith(static _ => { }, TaskScheduler.Default);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private async Task SweepWithRetriesAsync(CancellationToken term, CancellationToken stoppingToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(term, stoppingToken);
        for (var attempt = 1; !linked.IsCancellationRequested; attempt++)
        {
            try
            {
                var queued = 0;
                foreach (var ns in namespaces.Count == 0 ? [null] : namespaces.Cast<string?>())
                {
                    foreach (var diagnosis in await diagnoses.ListAsync(ns, linked.Token))
                    {
                        var key = new ObjectKey(diagnosis.Metadata.NamespaceProperty, diagnosis.Metadata.Name);
                        if (diagnosis.Status?.Phase == DiagnosisPhase.Failing && !stuckPods.TryGet(key, out _))
                        {
                            queue.Add(key);
                            queued++;
                        }
                    }
                }

                Log.Swept(logger, queued);
                return;
            }
            catch (Exception ex) when (!linked.IsCancellationRequested)
            {
                if (ApiPrerequisites.IsPrerequisiteError(ex))
                    Log.SweepFailedForPrerequisite(logger, attempt);
                else
                    Log.SweepFailed(logger, ex, attempt);
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(30, attempt * 2)), time, linked.Token).ContinueWith(static _ => { }, TaskScheduler.Default);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(500, LogLevel.Information, "Startup sweep: {Queued} Failing diagnosis(es) of pods no longer stuck queued for a look")]
        public static partial void Swept(ILogger logger, int queued);

        [LoggerMessage(501, LogLevel.Warning, "Startup sweep failed (attempt {Attempt}), retrying")]
        public static partial void SweepFailed(ILogger logger, Exception exception, int attempt);

        [LoggerMessage(502, LogLevel.Debug, "Startup sweep failed (attempt {Attempt}): a missing prerequisite (see the Not ready line), retrying")]
        public static partial void SweepFailedForPrerequisite(ILogger logger, int attempt);
    }
}
