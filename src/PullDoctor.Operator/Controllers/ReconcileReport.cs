namespace PullDoctor.Operator.Controllers;

/// <summary>One finished reconcile, for metrics and tests.</summary>
/// <param name="Controller">The runner's name.</param>
/// <param name="Key">The key as text (<c>namespace/name</c> for an ObjectKey).</param>
/// <param name="Outcome">How it ended.</param>
/// <param name="Duration">Wall time of the reconcile call.</param>
/// <param name="Error">The exception when <paramref name="Outcome"/> is Error.</param>
/// <param name="Terminal">True when the error was terminal (not requeued).</param>
internal sealed record ReconcileReport(string Controller, string Key, ReconcileOutcome Outcome, TimeSpan Duration, Exception? Error, bool Terminal);
