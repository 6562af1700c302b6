namespace PullDoctor.Operator.Controllers;

/// <summary>
/// Level-triggered reconcile of one key: read the current state (from an informer store), converge, return.
/// Throw to retry with back-off; throw <see cref="TerminalReconcileException"/> to give up until the next change.
/// </summary>
internal interface IReconciler<in TKey>
    where TKey : notnull
{
    Task<ReconcileResult> ReconcileAsync(TKey key, CancellationToken cancellationToken);
}
