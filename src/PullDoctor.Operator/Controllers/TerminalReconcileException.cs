namespace PullDoctor.Operator.Controllers;

/// <summary>
/// A reconcile error that retrying cannot fix (controller-runtime's TerminalError): counted and logged, never
/// requeued. The key is reconciled again only when a new change adds it.
/// </summary>
internal sealed class TerminalReconcileException : Exception
{
    public TerminalReconcileException()
    {
    }

    public TerminalReconcileException(string message)
        : base(message)
    {
    }

    public TerminalReconcileException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>True when the exception or anything it wraps is terminal (errors.Is semantics).</summary>
    public static bool IsTerminal(Exception? exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is TerminalReconcileException)
                return true;
            if (current is AggregateException aggregate && aggregate.InnerExceptions.Any(IsTerminal))
                return true;
        }

        return false;
    }
}
