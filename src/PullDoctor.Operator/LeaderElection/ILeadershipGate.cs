namespace PullDoctor.Operator.LeaderElection;

/// <summary>
/// Tells writers whether this replica leads. Writers wait for <see cref="WhenLeaderAsync"/> and stop when the
/// term token it returns is cancelled; readers (informers) ignore the gate and stay warm.
/// </summary>
internal interface ILeadershipGate
{
    bool IsLeader { get; }

    /// <summary>The current term's token; already cancelled while this replica does not lead.</summary>
    CancellationToken LeadershipToken { get; }

    /// <summary>Completes when this replica leads, with a token that is cancelled when that term ends.</summary>
    Task<CancellationToken> WhenLeaderAsync(CancellationToken cancellationToken);

    /// <summary>Raised (synchronously, keep handlers short) with the new state on every transition.</summary>
    event Action<bool>? LeadershipChanged;
}
