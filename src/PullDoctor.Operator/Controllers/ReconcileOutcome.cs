namespace PullDoctor.Operator.Controllers;

/// <summary>How one reconcile ended; the first four are controller-runtime's <c>result</c> label values.</summary>
internal enum ReconcileOutcome
{
    /// <summary>Converged; back-off forgotten.</summary>
    Success,

    /// <summary>Threw; requeued with back-off unless terminal.</summary>
    Error,

    /// <summary>Asked for a rate-limited requeue.</summary>
    Requeue,

    /// <summary>Asked to be looked at again after a delay.</summary>
    RequeueAfter,

    /// <summary>Stopped because leadership was lost or the host is stopping; the key was put back, not counted as an error.</summary>
    Interrupted,
}
