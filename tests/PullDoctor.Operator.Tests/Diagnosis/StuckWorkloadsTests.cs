using PullDoctor.Diagnosis;
using PullDoctor.Operator.Diagnosis;

namespace PullDoctor.Operator.Tests.Diagnosis;

public sealed class StuckWorkloadsTests
{
    private static readonly DateTime T0 = new(2026, 1, 1, 2, 14, 0, DateTimeKind.Utc);

    [Test]
    public void Note_CountsThePodsOfOneWorkload_AcrossItsReplicaSets_SinceTheEarliest()
    {
        var workloads = new StuckWorkloads();
        workloads.Note(new PodKey("shop", "web-5f4-a"), "Deployment", "web", T0);
        workloads.Note(new PodKey("shop", "web-7c9d-b"), "Deployment", "web", T0.AddHours(1));
        workloads.Note(new PodKey("shop", "api-1"), "Deployment", "api", T0.AddHours(-3));
        workloads.Note(new PodKey("staging", "web-7c9d-c"), "Deployment", "web", T0.AddHours(-5));

        var picture = workloads.Note(new PodKey("shop", "web-7c9d-d"), "Deployment", "web", T0.AddHours(2));

        Assert.That(picture, Is.EqualTo(new WorkloadPicture(3, T0)), "other workloads and namespaces are not counted");
    }

    [Test]
    public void Note_SameWorkloadNameOfAnotherKind_IsAnotherWorkload()
    {
        var workloads = new StuckWorkloads();
        workloads.Note(new PodKey("shop", "web-0"), "StatefulSet", "web", T0);

        var picture = workloads.Note(new PodKey("shop", "web-7c9d-a"), "Deployment", "web", T0.AddHours(1));

        Assert.That(picture, Is.EqualTo(new WorkloadPicture(1, T0.AddHours(1))));
    }

    [Test]
    public void Forget_APodThatRecovered_LeavesTheRest_AndTheSinceMoves()
    {
        var workloads = new StuckWorkloads();
        workloads.Note(new PodKey("shop", "web-a"), "Deployment", "web", T0);
        workloads.Note(new PodKey("shop", "web-b"), "Deployment", "web", T0.AddHours(1));

        workloads.Forget(new PodKey("shop", "web-a"));
        var picture = workloads.Note(new PodKey("shop", "web-b"), "Deployment", "web", T0.AddHours(1));

        Assert.Multiple(() =>
        {
            Assert.That(picture, Is.EqualTo(new WorkloadPicture(1, T0.AddHours(1))));
            Assert.That(workloads.Count, Is.EqualTo(1));
        });
    }

    [Test]
    public void Note_APodNotedAgain_IsCountedOnce_WithItsNewTime()
    {
        var workloads = new StuckWorkloads();
        workloads.Note(new PodKey("shop", "web-a"), "Deployment", "web", T0);

        var picture = workloads.Note(new PodKey("shop", "web-a"), "Deployment", "web", T0.AddMinutes(-30));

        Assert.That(picture, Is.EqualTo(new WorkloadPicture(1, T0.AddMinutes(-30))));
    }
}
