using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PullDoctor.Operator.LeaderElection;
using PullDoctor.Operator.Queues;

namespace PullDoctor.Operator.Controllers;

/// <summary>
/// Runs <see cref="ControllerRunnerOptions.Workers"/> workers that take keys from the queue and reconcile
/// them, but only while <see cref="ILeadershipGate"/> says this replica leads. Results map to the queue
/// exactly as controller-runtime's reconcileHandler does:
/// exception → AddRateLimited (terminal: dropped); RequeueAfter → Forget + AddAfter; Requeue → AddRateLimited;
/// otherwise Forget. No exception ever escapes a worker (controller-runtime's recovered panics).
/// </summary>
internal sealed partial class ControllerRunner<TKey> : BackgroundService
    where TKey : notnull
{
    private readonly IReconciler<TKey> _reconciler;
    private readonly IRateLimitingWorkQueue<TKey> _queue;
    private readonly ILeadershipGate _gate;
    private readonly ControllerRunnerOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private volatile bool _running;

    public ControllerRunner(
        IReconciler<TKey> reconciler,
        IRateLimitingWorkQueue<TKey> queue,
        ILeadershipGate gate,
        ControllerRunnerOptions options,
        TimeProvider time,
        ILogger<ControllerRunner<TKey>> logger)
    {
        ArgumentNullException.ThrowIfNull(reconciler);
        ArgumentNullException.ThrowIfNull(queue);
        ArgumentNullException.ThrowIfNull(gate);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.Workers);
        _reconciler = reconciler;
        _queue = queue;
        _gate = gate;
        _options = options;
        _time = time;
        _logger = logger;
    }

    public string Name => _options.Name;

    public ControllerStats Stats { get; } = new();

    /// <summary>True while workers are running (this replica leads and the caches synced).</summary>
    public bool IsRunning => _running;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            if (_options.WaitForCacheSync is { } waitForSync)
                await waitForSync(stoppingToken);

            while (!stoppingToken.IsCancellationRequested && !_queue.IsShuttingDown)
            {
                var term = await _gate.WhenLeaderAsync(stoppingToken);
                using var running = CancellationTokenSource.CreateLinkedTokenSource(term, stoppingToken);
                Log.WorkersStarting(_logger, Name, _options.Workers);
                _running = true;
                try
                {
                    var workers = new Task[_options.Workers];
                    for (var i = 0; i < workers.Length; i++)
                        workers[i] = Task.Run(() => WorkerAsync(running.Token), CancellationToken.None);
                    await Task.WhenAll(workers);
                }
                finally
                {
                    _running = false;
                }

                if (!stoppingToken.IsCancellationRequested)
                    Log.WorkersStopped(_logger, Name);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Host shutdown.
        }
        finally
        {
            _queue.ShutDown();
        }
    }

    private async Task WorkerAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            TKey key;
            try
            {
                (key, var shuttingDown) = await _queue.GetAsync(cancellationToken);
                if (shuttingDown)
                    return;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }

            await ProcessAsync(key, cancellationToken);
        }
    }

    private async Task ProcessAsync(TKey key, CancellationToken cancellationToken)
    {
        Stats.WorkerStarted();
        var started = _time.GetTimestamp();
        var outcome = ReconcileOutcome.Success;
        Exception? error = null;
        var terminal = false;
        try
        {
            ReconcileResult result = default;
            using var timeout = _options.ReconcileTimeout is { } limit ? new CancellationTokenSource(limit, _time) : null;
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout?.Token ?? CancellationToken.None);

            try
            {
                result = await _reconciler.ReconcileAsync(key, deadline.Token);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Leadership lost or host stopping: the work is not done, so keep the key for the next term.
                _queue.Add(key);
                outcome = ReconcileOutcome.Interrupted;
                return;
            }
            catch (OperationCanceledException ex) when (deadline.IsCancellationRequested)
            {
                error = new TimeoutException($"reconcile of {key} took longer than {_options.ReconcileTimeout}", ex);
            }
            catch (Exception ex)
            {
                error = ex;
            }

            outcome = Apply(key, result, error, out terminal);
        }
        finally
        {
            _queue.Done(key);
            Stats.WorkerStopped();
            Stats.Count(outcome, terminal);
            Report(key, outcome, _time.GetElapsedTime(started), error, terminal);
        }
    }

    private ReconcileOutcome Apply(TKey key, ReconcileResult result, Exception? error, out bool terminal)
    {
        terminal = false;
        if (error is not null)
        {
            terminal = TerminalReconcileException.IsTerminal(error);
            if (!terminal)
                _queue.AddRateLimited(key);
            if (Hosting.ApiPrerequisites.IsPrerequisiteError(error))
                Log.ReconcileFailedForPrerequisite(_logger, Name, key, Kube.KubeErrors.StatusCode(error), _queue.NumRequeues(key));
            else
                Log.ReconcileFailed(_logger, error, Name, key, terminal, _queue.NumRequeues(key));
            return ReconcileOutcome.Error;
        }

        if (result.RequeueAfter is { } after && after > TimeSpan.Zero)
        {
            _queue.Forget(key);
            _queue.AddAfter(key, after);
            return ReconcileOutcome.RequeueAfter;
        }

        if (result.Requeue)
        {
            _queue.AddRateLimited(key);
            return ReconcileOutcome.Requeue;
        }

        _queue.Forget(key);
        return ReconcileOutcome.Success;
    }

    private void Report(TKey key, ReconcileOutcome outcome, TimeSpan duration, Exception? error, bool terminal)
    {
        if (_options.OnReconciled is not { } onReconciled)
            return;
        try
        {
            onReconciled(new ReconcileReport(Name, key.ToString() ?? string.Empty, outcome, duration, error, terminal));
        }
        catch (Exception ex)
        {
            Log.ObserverFailed(_logger, ex, Name);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Controller {Controller}: leading, starting {Workers} worker(s)")]
        public static partial void WorkersStarting(ILogger logger, string controller, int workers);

        [LoggerMessage(2, LogLevel.Warning, "Controller {Controller}: leadership lost, workers stopped")]
        public static partial void WorkersStopped(ILogger logger, string controller);

        [LoggerMessage(3, LogLevel.Error, "Controller {Controller}: reconcile of {Key} failed (terminal: {Terminal}, requeues: {Requeues})")]
        public static partial void ReconcileFailed(ILogger logger, Exception exception, string controller, object key, bool terminal, int requeues);

        [LoggerMessage(5, LogLevel.Debug, "Controller {Controller}: reconcile of {Key} failed with HTTP {StatusCode}, a missing prerequisite (see the Not ready line; requeues: {Requeues})")]
        public static partial void ReconcileFailedForPrerequisite(ILogger logger, string controller, object key, int? statusCode, int requeues);

        [LoggerMessage(4, LogLevel.Warning, "Controller {Controller}: the OnReconciled observer threw")]
        public static partial void ObserverFailed(ILogger logger, Exception exception, string controller);
    }
}
