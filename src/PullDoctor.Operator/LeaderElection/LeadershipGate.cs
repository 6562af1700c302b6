namespace PullDoctor.Operator.LeaderElection;

/// <summary>
/// The state behind <see cref="ILeadershipGate"/>: the election service flips it; a disabled election makes
/// it leader at once (single replica).
/// </summary>
internal sealed class LeadershipGate : ILeadershipGate, IDisposable
{
    private static readonly CancellationToken NotLeader = new(canceled: true);

    private readonly Lock _gate = new();
    private TaskCompletionSource<CancellationToken> _whenLeader = NewWaiter();
    private CancellationTokenSource? _term;

    public event Action<bool>? LeadershipChanged;

    public bool IsLeader
    {
        get
        {
            lock (_gate)
            {
                return _term is not null;
            }
        }
    }

    public CancellationToken LeadershipToken
    {
        get
        {
            lock (_gate)
            {
                return _term?.Token ?? NotLeader;
            }
        }
    }

    public Task<CancellationToken> WhenLeaderAsync(CancellationToken cancellationToken)
    {
        Task<CancellationToken> waiter;
        lock (_gate)
        {
            waiter = _whenLeader.Task;
        }

        return waiter.WaitAsync(cancellationToken);
    }

    /// <summary>Starts a term; no-op while already leading.</summary>
    public void BecomeLeader()
    {
        lock (_gate)
        {
            if (_term is not null)
                return;
            _term = new CancellationTokenSource();
            _whenLeader.TrySetResult(_term.Token);
        }

        LeadershipChanged?.Invoke(true);
    }

    /// <summary>Ends the term: cancels its token first so writers stop before anything else happens.</summary>
    public void LoseLeadership()
    {
        CancellationTokenSource? term;
        lock (_gate)
        {
            term = _term;
            if (term is null)
                return;
            _term = null;
            _whenLeader = NewWaiter();
        }

        // Not disposed: writers may still link to or register on the (cancelled) token; a CTS without a
        // timer holds no unmanaged resource.
        try
        {
            term.Cancel();
        }
        finally
        {
            LeadershipChanged?.Invoke(false);
        }
    }

    public void Dispose() => LoseLeadership();

    private static TaskCompletionSource<CancellationToken> NewWaiter() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
