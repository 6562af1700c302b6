namespace PullDoctor.Operator.Controllers;

/// <summary>Counters of a runner (controller-runtime's controller_runtime_reconcile_* metrics).</summary>
internal sealed class ControllerStats
{
    private long _success;
    private long _errors;
    private long _terminalErrors;
    private long _requeue;
    private long _requeueAfter;
    private long _interrupted;
    private int _activeWorkers;

    public long Success => Interlocked.Read(ref _success);

    /// <summary>All errors, terminal ones included (reconcile_errors_total).</summary>
    public long Errors => Interlocked.Read(ref _errors);

    public long TerminalErrors => Interlocked.Read(ref _terminalErrors);

    public long Requeue => Interlocked.Read(ref _requeue);

    public long RequeueAfter => Interlocked.Read(ref _requeueAfter);

    public long Interrupted => Interlocked.Read(ref _interrupted);

    public int ActiveWorkers => Volatile.Read(ref _activeWorkers);

    public long Total => Success + Errors + Requeue + RequeueAfter;

    internal void Count(ReconcileOutcome outcome, bool terminal)
    {
        switch (outcome)
        {
            case ReconcileOutcome.Success:
                Interlocked.Increment(ref _success);
                break;
            case ReconcileOutcome.Error:
                Interlocked.Increment(ref _errors);
                if (terminal)
                    Interlocked.Increment(ref _terminalErrors);
                break;
            case ReconcileOutcome.Requeue:
                Interlocked.Increment(ref _requeue);
                break;
            case ReconcileOutcome.RequeueAfter:
                Interlocked.Increment(ref _requeueAfter);
                break;
            case ReconcileOutcome.Interrupted:
                Interlocked.Increment(ref _interrupted);
                break;
        }
    }

    internal void WorkerStarted() => Interlocked.Increment(ref _activeWorkers);

    internal void WorkerStopped() => Interlocked.Decrement(ref _activeWorkers);
}
