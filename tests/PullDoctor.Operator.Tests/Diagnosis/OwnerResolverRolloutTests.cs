using Microsoft.Extensions.Time.Testing;
using PullDoctor.Diagnosis;
using PullDoctor.Operator.Diagnosis;
using PullDoctor.Operator.Tests.Support;

namespace PullDoctor.Operator.Tests.Diagnosis;

/// <summary>The Deployment's picture: its newest ReplicaSet stuck while an older one still has ready pods.</summary>
public sealed class OwnerResolverRolloutTests
{
    private FakeClusterReader _reader = null!;
    private FakeTimeProvider _time = null!;

    [SetUp]
    public void SetUp()
    {
        // NUnit shares one fixture instance between tests: fresh fakes for each.
        _reader = new FakeClusterReader();
        _time = new FakeTimeProvider();
        _reader.Owners[("ReplicaSet", "web-7c9d")] = [new PodOwner("apps/v1", "Deployment", "web", "d-uid", true)];
    }

    [Test]
    public async Task NewestReplicaSetStuck_OlderOneReady_NamesItForRolloutUndo()
    {
        _reader.ReplicaSets.AddRange([
            new ReplicaSetSummary("web-1a2b", "d-uid", 1, 2),
            new ReplicaSetSummary("web-5f4", "d-uid", 2, 3),
            new ReplicaSetSummary("web-7c9d", "d-uid", 3, 0),
            new ReplicaSetSummary("other-9z", "other-uid", 7, 5),
        ]);

        var workload = await Resolve();

        Assert.Multiple(() =>
        {
            Assert.That(workload.KubectlName, Is.EqualTo("deployment/web"));
            Assert.That((workload.RunningReplicaSet, workload.RunningReadyPods), Is.EqualTo(("web-5f4", 3)), "the newest older ReplicaSet with ready pods");
        });
    }

    [TestCase(2, 0, TestName = "Older ReplicaSet has no ready pods")]
    [TestCase(4, 3, TestName = "Pod's ReplicaSet is not the newest")]
    public async Task NothingToUndoTo_NoRollback(long otherRevision, int otherReady)
    {
        _reader.ReplicaSets.AddRange([new ReplicaSetSummary("web-7c9d", "d-uid", 3, 0), new ReplicaSetSummary("web-5f4", "d-uid", otherRevision, otherReady)]);

        var workload = await Resolve();

        Assert.That(workload.RunningReplicaSet, Is.Null);
    }

    [Test]
    public async Task ManyPodsOfOneNamespace_OneListOfReplicaSets()
    {
        _reader.ReplicaSets.Add(new ReplicaSetSummary("web-7c9d", "d-uid", 3, 0));
        var resolver = new OwnerResolver(_reader, _time);

        for (var i = 0; i < 10; i++)
        {
            await resolver.ResolveAsync(PodProjection.Project(Pods.Stuck(name: $"web-{i}", uid: $"u{i}")), CancellationToken.None);
        }

        Assert.That(_reader.Reads["ReplicaSets"], Is.EqualTo(1), "cached per namespace");
    }

    private Task<PullDoctor.Core.Remediation.WorkloadReference> Resolve() =>
        new OwnerResolver(_reader, _time).ResolveAsync(PodProjection.Project(Pods.Stuck()), CancellationToken.None);
}
