using k8s;
using k8s.LeaderElection;
using k8s.LeaderElection.ResourceLock;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PullDoctor.Operator.LeaderElection;

namespace PullDoctor.Operator.Hosting;

/// <summary>
/// Runs <c>k8s.LeaderElection</c> on a coordination.k8s.io/v1 Lease and flips the <see cref="LeadershipGate"/>.
/// Callbacks only signal (the elector calls them inline). On shutdown a leader releases the Lease the way
/// client-go's tryRelease does (holderIdentity "" — never null, which the C# elector cannot take over — and
/// leaseDurationSeconds 1), so the next replica takes over at once instead of after the lease duration.
/// </summary>
public sealed partial class LeaseElectionService(
    IKubernetes client,
    LeadershipGate gate,
    LeaseElectionSettings settings,
    ILogger<LeaseElectionService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var leaseLock = new LeaseLock(client, settings.Namespace, settings.Name, settings.Identity);
        var config = new LeaderElectionConfig(leaseLock)
        {
            LeaseDuration = settings.LeaseDuration,
            RenewDeadline = settings.RenewDeadline,
            RetryPeriod = settings.RetryPeriod,
        };
        using var elector = new LeaderElector(config);
        elector.OnStartedLeading += () =>
        {
            Log.Started(logger, settings.Identity, settings.Namespace, settings.Name);
            gate.BecomeLeader();
        };
        elector.OnStoppedLeading += () =>
        {
            Log.Stopped(logger, settings.Identity);
            gate.LoseLeadership();
        };
        elector.OnError += ex => Log.Error(logger, ex);

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await elector.RunAndTryToHoldLeadershipForeverAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                Log.Error(logger, ex);
                gate.LoseLeadership();
                await Task.Delay(settings.RetryPeriod, CancellationToken.None);
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        var wasLeader = gate.IsLeader;
        await base.StopAsync(cancellationToken);
        gate.LoseLeadership();
        if (wasLeader)
        {
            await ReleaseAsync();
        }
    }

    private async Task ReleaseAsync()
    {
        // A commit step: it must happen even though the host is stopping, so it has its own short timeout.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            var lease = await client.CoordinationV1.ReadNamespacedLeaseAsync(settings.Name, settings.Namespace, cancellationToken: timeout.Token);
            if (lease.Spec?.HolderIdentity != settings.Identity)
            {
                return;
            }

            lease.Spec.HolderIdentity = string.Empty;
            lease.Spec.LeaseDurationSeconds = 1;
            lease.Spec.RenewTime = DateTime.UtcNow;
            await client.CoordinationV1.ReplaceNamespacedLeaseAsync(lease, settings.Name, settings.Namespace, cancellationToken: timeout.Token);
            Log.Released(logger, settings.Identity);
        }
        catch (Exception ex)
        {
            Log.ReleaseFailed(logger, ex);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(400, LogLevel.Information, "{Identity} leads (Lease {Namespace}/{Name})")]
        public static partial void Started(ILogger logger, string identity, string @namespace, string name);

        [LoggerMessage(401, LogLevel.Warning, "{Identity} stopped leading")]
        public static partial void Stopped(ILogger logger, string identity);

        [LoggerMessage(402, LogLevel.Warning, "Leader election error")]
        public static partial void Error(ILogger logger, Exception exception);

        [LoggerMessage(403, LogLevel.Information, "{Identity} released the Lease")]
        public static partial void Released(ILogger logger, string identity);

        [LoggerMessage(404, LogLevel.Warning, "Releasing the Lease failed; the next leader takes over after the lease duration")]
        public static partial void ReleaseFailed(ILogger logger, Exception exception);
    }
}
