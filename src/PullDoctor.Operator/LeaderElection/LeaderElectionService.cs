using k8s;
using k8s.LeaderElection;
using k8s.LeaderElection.ResourceLock;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PullDoctor.Operator.Kube;

namespace PullDoctor.Operator.LeaderElection;

/// <summary>
/// Runs k8s.LeaderElection.LeaderElector on a coordination.k8s.io/v1 Lease and mirrors its state into a
/// <see cref="LeadershipGate"/>. On graceful shutdown it stops writers (the gate) first, then hands the Lease
/// back with holderIdentity "" and leaseDurationSeconds 1 (client-go's ReleaseOnCancel), so the next leader
/// need not wait out the lease. A null holderIdentity would leave the C# elector unable to ever acquire.
/// </summary>
internal sealed partial class LeaderElectionService : BackgroundService
{
    private static readonly TimeSpan ReleaseTimeout = TimeSpan.FromSeconds(5);

    private readonly IKubernetes _client;
    private readonly LeadershipGate _gate;
    private readonly LeaderElectionOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private volatile string? _currentLeader;
    private volatile bool _everLed;

    public LeaderElectionService(IKubernetes client, LeadershipGate gate, LeaderElectionOptions options, ILogger<LeaderElectionService> logger, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(gate);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        var errors = options.Validate();
        if (errors.Count > 0)
            throw new ArgumentException(string.Join("; ", errors), nameof(options));
        _client = client;
        _gate = gate;
        _options = options;
        _time = time ?? TimeProvider.System;
        _logger = logger;
        Identity = options.Enabled ? options.ResolveIdentity() : "(leader election disabled)";
        LeaseNamespace = options.ResolveNamespace();
    }

    public string Identity { get; }

    public string LeaseNamespace { get; }

    public string LeaseName => _options.LeaseName;

    /// <summary>The holder this replica last observed (itself included); null before the first observation.</summary>
    public string? CurrentLeader => _currentLeader;

    public bool IsLeader => _gate.IsLeader;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.Enabled)
        {
            _currentLeader = Identity;
            _gate.BecomeLeader();
            Log.Disabled(_logger);
            return;
        }

        var lease = new LeaseLock(_client, LeaseNamespace, _options.LeaseName, Identity);
        lease.OnHttpError += e => Log.LeaseHttpError(_logger, (int?)e.Response?.StatusCode, LeaseNamespace, _options.LeaseName);
        using var elector = new LeaderElector(new LeaderElectionConfig(lease)
        {
            LeaseDuration = _options.LeaseDuration,
            RenewDeadline = _options.RenewDeadline,
            RetryPeriod = _options.RetryPeriod,
        });

        // The elector calls these synchronously on its own loop: only flip state here.
        elector.OnStartedLeading += () =>
        {
            _everLed = true;
            _currentLeader = Identity;
            Log.StartedLeading(_logger, Identity, LeaseNamespace, _options.LeaseName);
            _gate.BecomeLeader();
        };
        elector.OnStoppedLeading += () =>
        {
            _gate.LoseLeadership();
            Log.StoppedLeading(_logger, Identity);
        };
        elector.OnNewLeader += leader =>
        {
            _currentLeader = leader;
            Log.NewLeader(_logger, leader ?? string.Empty);
        };
        elector.OnError += e => Log.ElectionError(_logger, e);

        Log.Starting(_logger, Identity, LeaseNamespace, _options.LeaseName);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await elector.RunUntilLeadershipLostAsync(stoppingToken);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    break;
                }
                catch (Exception ex)
                {
                    _gate.LoseLeadership();
                    Log.ElectionError(_logger, ex);
                    await Task.Delay(_options.RetryPeriod, _time, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
        finally
        {
            // Writers stop before the Lease changes hands.
            _gate.LoseLeadership();
            if (_options.ReleaseOnShutdown && _everLed)
                await ReleaseAsync();
        }
    }

    /// <summary>Hands the Lease back if this replica still holds it; never throws.</summary>
    internal async Task<bool> ReleaseAsync()
    {
        using var timeout = new CancellationTokenSource(ReleaseTimeout);
        try
        {
            var lease = await _client.CoordinationV1.ReadNamespacedLeaseAsync(_options.LeaseName, LeaseNamespace, cancellationToken: timeout.Token);
            if (lease.Spec?.HolderIdentity != Identity)
                return false;

            var now = _time.GetUtcNow().UtcDateTime;
            lease.Spec.HolderIdentity = string.Empty;
            lease.Spec.LeaseDurationSeconds = 1;
            lease.Spec.AcquireTime = now;
            lease.Spec.RenewTime = now;
            await _client.CoordinationV1.ReplaceNamespacedLeaseAsync(lease, _options.LeaseName, LeaseNamespace, cancellationToken: timeout.Token);
            Log.Released(_logger, LeaseNamespace, _options.LeaseName);
            return true;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A conflict means someone else already took over; anything else only costs the next leader a lease duration.
            Log.ReleaseFailed(_logger, ex, KubeErrors.StatusCode(ex));
            return false;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(30, LogLevel.Information, "Leader election disabled: this replica leads")]
        public static partial void Disabled(ILogger logger);

        [LoggerMessage(31, LogLevel.Information, "Leader election: {Identity} campaigning for Lease {Namespace}/{Name}")]
        public static partial void Starting(ILogger logger, string identity, string @namespace, string name);

        [LoggerMessage(32, LogLevel.Information, "Leader election: {Identity} now leads (Lease {Namespace}/{Name})")]
        public static partial void StartedLeading(ILogger logger, string identity, string @namespace, string name);

        [LoggerMessage(33, LogLevel.Warning, "Leader election: {Identity} stopped leading")]
        public static partial void StoppedLeading(ILogger logger, string identity);

        [LoggerMessage(34, LogLevel.Information, "Leader election: observed leader {Leader}")]
        public static partial void NewLeader(ILogger logger, string leader);

        [LoggerMessage(35, LogLevel.Warning, "Leader election error")]
        public static partial void ElectionError(ILogger logger, Exception exception);

        [LoggerMessage(36, LogLevel.Warning, "Leader election: Lease {Namespace}/{Name} request failed with HTTP {StatusCode}")]
        public static partial void LeaseHttpError(ILogger logger, int? statusCode, string @namespace, string name);

        [LoggerMessage(37, LogLevel.Information, "Leader election: released Lease {Namespace}/{Name}")]
        public static partial void Released(ILogger logger, string @namespace, string name);

        [LoggerMessage(38, LogLevel.Warning, "Leader election: releasing the Lease failed (HTTP {StatusCode}); the next leader waits out the lease")]
        public static partial void ReleaseFailed(ILogger logger, Exception exception, int? statusCode);
    }
}
