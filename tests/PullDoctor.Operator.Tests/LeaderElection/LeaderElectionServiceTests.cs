using System.Diagnostics;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using PullDoctor.Operator.LeaderElection;
using PullDoctor.Testing;

namespace PullDoctor.Operator.Tests.LeaderElection;

/// <summary>Two replicas' electors against the in-process API server, on short (real-time) lease timings.</summary>
public sealed class LeaderElectionServiceTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    private readonly List<(LeaderElectionService Service, LeadershipGate Gate)> _replicas = [];
    private KubeApiServer _server = null!;
    private Kubernetes _client = null!;

    [SetUp]
    public async Task SetUp()
    {
        _server = await KubeApiServer.StartAsync();
        _client = _server.CreateClient();
        _server.EnsureNamespace("pulldoctor");
    }

    [TearDown]
    public async Task TearDown()
    {
        foreach (var (service, gate) in _replicas)
        {
            await service.StopAsync(CancellationToken.None);
            service.Dispose();
            gate.Dispose();
        }

        _client.Dispose();
        await _server.DisposeAsync();
    }

    [Test]
    public async Task TwoReplicas_OneLeads_TheOtherFollowsAndKnowsTheLeader()
    {
        var a = await StartReplicaAsync("a");
        await a.Gate.WhenLeaderAsync(CancellationToken.None).WaitAsync(Patience);

        var b = await StartReplicaAsync("b");
        await EventuallyAsync(() => b.Service.CurrentLeader == "a");

        Assert.That(a.Gate.IsLeader, Is.True);
        Assert.That(b.Gate.IsLeader, Is.False);
        Assert.That(b.Gate.LeadershipToken.IsCancellationRequested, Is.True, "a follower's token is cancelled");
        var lease = await ReadLeaseAsync();
        Assert.That(lease.Spec.HolderIdentity, Is.EqualTo("a"));
    }

    [Test]
    public async Task LeaderStops_ReleasesLease_FollowerTakesOverWellWithinLeaseDuration()
    {
        var a = await StartReplicaAsync("a");
        var term = await a.Gate.WhenLeaderAsync(CancellationToken.None).WaitAsync(Patience);
        var b = await StartReplicaAsync("b");
        await EventuallyAsync(() => b.Service.CurrentLeader == "a");

        var stopwatch = Stopwatch.StartNew();
        await a.Service.StopAsync(CancellationToken.None);
        Assert.That(term.IsCancellationRequested, Is.True, "the old leader's writers were stopped");
        await b.Gate.WhenLeaderAsync(CancellationToken.None).WaitAsync(Patience);
        stopwatch.Stop();

        Assert.That(stopwatch.Elapsed, Is.LessThan(Options("x").LeaseDuration), "a released lease need not be waited out");
        Assert.That((await ReadLeaseAsync()).Spec.HolderIdentity, Is.EqualTo("b"));
        TestContext.Out.WriteLine($"takeover after release: {stopwatch.ElapsedMilliseconds} ms");
    }

    [Test]
    public async Task GracefulStop_WritesEmptyHolderIdentityAndOneSecondLease()
    {
        var a = await StartReplicaAsync("a");
        await a.Gate.WhenLeaderAsync(CancellationToken.None).WaitAsync(Patience);

        await a.Service.StopAsync(CancellationToken.None);

        var lease = await ReadLeaseAsync();
        Assert.That(lease.Spec.HolderIdentity, Is.EqualTo(string.Empty), "\"\", never null: a null holder leaves the C# elector unable to acquire");
        Assert.That(lease.Spec.LeaseDurationSeconds, Is.EqualTo(1));
        Assert.That(a.Gate.IsLeader, Is.False);
    }

    [Test]
    public async Task ReleasedLease_CanBeAcquiredAgainByAFreshReplica()
    {
        var a = await StartReplicaAsync("a");
        await a.Gate.WhenLeaderAsync(CancellationToken.None).WaitAsync(Patience);
        await a.Service.StopAsync(CancellationToken.None);

        var c = await StartReplicaAsync("c");

        await c.Gate.WhenLeaderAsync(CancellationToken.None).WaitAsync(Patience);
        Assert.That((await ReadLeaseAsync()).Spec.HolderIdentity, Is.EqualTo("c"));
    }

    [Test]
    public async Task LeaderWithoutRelease_FollowerTakesOverAfterLeaseExpires()
    {
        var a = await StartReplicaAsync("a", o => o.ReleaseOnShutdown = false);
        await a.Gate.WhenLeaderAsync(CancellationToken.None).WaitAsync(Patience);
        var b = await StartReplicaAsync("b");
        await EventuallyAsync(() => b.Service.CurrentLeader == "a");

        var stopwatch = Stopwatch.StartNew();
        await a.Service.StopAsync(CancellationToken.None);
        await b.Gate.WhenLeaderAsync(CancellationToken.None).WaitAsync(Patience);

        Assert.That(stopwatch.Elapsed, Is.GreaterThan(TimeSpan.FromSeconds(1)), "an unreleased lease must be waited out");
        TestContext.Out.WriteLine($"takeover without release: {stopwatch.ElapsedMilliseconds} ms");
    }

    [Test]
    public async Task LeaseTakenBySomeoneElse_LeaderStopsLeadingWithinRenewDeadline()
    {
        var a = await StartReplicaAsync("a");
        var term = await a.Gate.WhenLeaderAsync(CancellationToken.None).WaitAsync(Patience);

        await StealLeaseAsync("intruder");

        await Task.Delay(Timeout.Infinite, term).ContinueWith(_ => { }, TaskScheduler.Default).WaitAsync(Patience);
        Assert.That(a.Gate.IsLeader, Is.False);
    }

    [Test]
    public async Task Disabled_LeadsAtOnceWithoutLease()
    {
        var a = await StartReplicaAsync("a", o => o.Enabled = false);

        await a.Gate.WhenLeaderAsync(CancellationToken.None).WaitAsync(Patience);

        Assert.That(_server.Requests.Where(resource: "leases"), Is.Empty);
    }

    [Test]
    public void Validate_RejectsInconsistentTimings()
    {
        var options = new LeaderElectionOptions { LeaseDuration = TimeSpan.FromSeconds(10), RenewDeadline = TimeSpan.FromSeconds(10), RetryPeriod = TimeSpan.FromSeconds(9) };

        var errors = options.Validate();

        Assert.That(errors, Has.Some.Contains("greater than the renew deadline"));
        Assert.That(errors, Has.Some.Contains("1.2 × the retry period"));
        Assert.That(new LeaderElectionOptions().Validate(), Is.Empty, "15 s / 10 s / 2 s is valid");
        Assert.That(new LeaderElectionOptions { LeaseDuration = TimeSpan.FromSeconds(2.5) }.Validate(), Has.Some.Contains("whole number of seconds"));
    }

    [Test]
    public void DefaultIdentity_PodNameWithRandomSuffix()
    {
        var one = new LeaderElectionService(_client, new LeadershipGate(), new LeaderElectionOptions(), NullLogger<LeaderElectionService>.Instance);
        var two = new LeaderElectionService(_client, new LeadershipGate(), new LeaderElectionOptions(), NullLogger<LeaderElectionService>.Instance);

        Assert.That(one.Identity, Does.Match("^.+_[0-9a-f]{8}$"));
        Assert.That(one.Identity, Is.Not.EqualTo(two.Identity));
        one.Dispose();
        two.Dispose();
    }

    private static LeaderElectionOptions Options(string identity) => new()
    {
        Identity = identity,
        LeaseNamespace = "pulldoctor",
        LeaseDuration = TimeSpan.FromSeconds(3),
        RenewDeadline = TimeSpan.FromSeconds(2),
        RetryPeriod = TimeSpan.FromMilliseconds(200),
    };

    private async Task<(LeaderElectionService Service, LeadershipGate Gate)> StartReplicaAsync(string identity, Action<LeaderElectionOptions>? configure = null)
    {
        var options = Options(identity);
        configure?.Invoke(options);
        var gate = new LeadershipGate();
        var service = new LeaderElectionService(_client, gate, options, NullLogger<LeaderElectionService>.Instance);
        _replicas.Add((service, gate));
        await service.StartAsync(CancellationToken.None);
        return (service, gate);
    }

    /// <summary>Takes the Lease the way another elector would: read, modify, replace, again on conflict.</summary>
    private async Task StealLeaseAsync(string identity)
    {
        while (true)
        {
            var lease = await ReadLeaseAsync();
            lease.Spec.HolderIdentity = identity;
            lease.Spec.RenewTime = DateTime.UtcNow;
            lease.Spec.LeaseDurationSeconds = 3600;
            try
            {
                await _client.CoordinationV1.ReplaceNamespacedLeaseAsync(lease, lease.Metadata.Name, "pulldoctor");
                return;
            }
            catch (k8s.Autorest.HttpOperationException e) when (PullDoctor.Operator.Kube.KubeErrors.IsConflict(e))
            {
                // The leader renewed in between.
            }
        }
    }

    private Task<V1Lease> ReadLeaseAsync() => _client.CoordinationV1.ReadNamespacedLeaseAsync("pulldoctor-leader", "pulldoctor");

    private static async Task EventuallyAsync(Func<bool> condition)
    {
        using var cts = new CancellationTokenSource(Patience);
        while (!condition())
            await Task.Delay(10, cts.Token);
    }
}
