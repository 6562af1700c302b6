namespace PullDoctor.Operator.Controllers;

internal sealed class ControllerRunnerOptions
{
    /// <summary>Used in logs and metrics (controller-runtime's <c>controller</c> label).</summary>
    public string Name { get; set; } = "controller";

    /// <summary>Concurrent reconciles (MaxConcurrentReconciles); never two for one key.</summary>
    public int Workers { get; set; } = 1;

    /// <summary>
    /// Awaited once before the first worker starts (e.g. every informer's WaitForSyncAsync), so the
    /// reconciler never reads a half-filled store.
    /// </summary>
    public Func<CancellationToken, Task>? WaitForCacheSync { get; set; }

    /// <summary>
    /// The longest one reconcile may take before it is cancelled and retried with back-off (null: no deadline), so
    /// one slow dependency cannot hold a worker, and with it every other key, indefinitely.
    /// </summary>
    public TimeSpan? ReconcileTimeout { get; set; }

    /// <summary>Called after every reconcile, on the worker; must be quick and must not throw.</summary>
    public Action<ReconcileReport>? OnReconciled { get; set; }
}
