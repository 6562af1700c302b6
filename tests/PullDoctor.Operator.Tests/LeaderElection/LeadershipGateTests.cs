using PullDoctor.Operator.LeaderElection;

namespace PullDoctor.Operator.Tests.LeaderElection;

public sealed class LeadershipGateTests
{
    [Test]
    public async Task WhenLeaderAsync_CompletesOnBecomeLeader_WithTermToken()
    {
        using var gate = new LeadershipGate();
        var waiting = gate.WhenLeaderAsync(CancellationToken.None);
        Assert.That(waiting.IsCompleted, Is.False);

        gate.BecomeLeader();
        var term = await waiting.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.That(gate.IsLeader, Is.True);
        Assert.That(term.IsCancellationRequested, Is.False);
        Assert.That(gate.LeadershipToken, Is.EqualTo(term));
    }

    [Test]
    public async Task LoseLeadership_CancelsTermAndResetsWaiter()
    {
        using var gate = new LeadershipGate();
        var changes = new List<bool>();
        gate.LeadershipChanged += changes.Add;
        gate.BecomeLeader();
        var term = await gate.WhenLeaderAsync(CancellationToken.None);

        gate.LoseLeadership();

        Assert.That(term.IsCancellationRequested, Is.True);
        Assert.That(gate.IsLeader, Is.False);
        Assert.That(gate.LeadershipToken.IsCancellationRequested, Is.True);
        Assert.That(gate.WhenLeaderAsync(CancellationToken.None).IsCompleted, Is.False);
        Assert.That(changes, Is.EqualTo(new[] { true, false }));
    }

    [Test]
    public async Task SecondTerm_HasFreshToken()
    {
        using var gate = new LeadershipGate();
        gate.BecomeLeader();
        var first = await gate.WhenLeaderAsync(CancellationToken.None);
        gate.LoseLeadership();

        gate.BecomeLeader();
        var second = await gate.WhenLeaderAsync(CancellationToken.None);

        Assert.That(first.IsCancellationRequested, Is.True);
        Assert.That(second.IsCancellationRequested, Is.False);
    }
}
