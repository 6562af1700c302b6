namespace PullDoctor.Operator.Controllers;

/// <summary>
/// What to do with the key after a successful reconcile (controller-runtime's reconcile.Result).
/// <see cref="RequeueAfter"/> wins over <see cref="Requeue"/>.
/// </summary>
internal readonly record struct ReconcileResult(TimeSpan? RequeueAfter = null, bool Requeue = false)
{
    /// <summary>Converged: forget the key's back-off; it comes back only when something changes.</summary>
    public static ReconcileResult Done => default;

    /// <summary>Check again after <paramref name="delay"/> (back-off forgotten).</summary>
    public static ReconcileResult After(TimeSpan delay) => new(RequeueAfter: delay);

    /// <summary>Check again soon, paced by the rate limiter (back-off kept and grown).</summary>
    public static ReconcileResult RequeueRateLimited => new(Requeue: true);
}
