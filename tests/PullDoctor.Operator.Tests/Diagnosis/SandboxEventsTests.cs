using PullDoctor.Diagnosis;
using k8s.Models;
using PullDoctor.Operator.Crds;
using PullDoctor.Operator.Diagnosis;
using PullDoctor.Operator.Tests.Support;

namespace PullDoctor.Operator.Tests.Diagnosis;

public sealed class SandboxEventsTests
{
    private const string PullFailure =
        "Failed to create pod sandbox: rpc error: code = Unknown desc = failed to get sandbox image \"registry.k8s.io/pause:3.9\": failed to pull image \"registry.k8s.io/pause:3.9\": failed to pull and unpack image \"registry.k8s.io/pause:3.9\": failed to resolve reference \"registry.k8s.io/pause:3.9\": failed to do request: Head \"https://registry.k8s.io/v2/pause/manifests/3.9\": dial tcp: lookup registry.k8s.io on 10.96.0.10:53: no such host";

    // The common FailedCreatePodSandBox that has nothing to do with images (CNI).
    private const string NetworkFailure =
        "Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox \"0f3c\": plugin type=\"calico\" failed (add): stat /var/lib/calico/nodename: no such file or directory";

    [Test]
    public void IsSandboxPullFailure_SandboxImagePullWithKnownCause_Kept()
    {
        Assert.That(SandboxEvents.IsSandboxPullFailure(Event(PullFailure)), Is.True);
    }

    [Test]
    public void IsSandboxPullFailure_NetworkSetupFailure_Dropped()
    {
        Assert.That(SandboxEvents.IsSandboxPullFailure(Event(NetworkFailure)), Is.False);
    }

    [Test]
    public void IsSandboxPullFailure_OtherReason_Dropped()
    {
        var e = Event(PullFailure);
        e.Reason = "Failed";
        Assert.That(SandboxEvents.IsSandboxPullFailure(e), Is.False);
    }

    [Test]
    public void Project_KeepsPodAndMessage()
    {
        var projected = SandboxEvents.Project(Event(PullFailure));
        Assert.That((projected.Namespace, projected.PodName, projected.PodUid, projected.Message), Is.EqualTo(("shop", "web-1", "uid-web-1", PullFailure)));
    }

    [Test]
    public void AwaitsSandbox_ContainerCreatingOrNoStatuses_True_RunningOrPullFailure_False()
    {
        var creating = Pods.Stuck();
        creating.Status.ContainerStatuses[0].State = new V1ContainerState { Waiting = new V1ContainerStateWaiting { Reason = "ContainerCreating" } };
        var noStatuses = Pods.Stuck();
        noStatuses.Status.ContainerStatuses = null;
        Assert.Multiple(() =>
        {
            Assert.That(SandboxEvents.AwaitsSandbox(creating), Is.True);
            Assert.That(SandboxEvents.AwaitsSandbox(noStatuses), Is.True);
            Assert.That(SandboxEvents.AwaitsSandbox(Pods.Running(Pods.Stuck())), Is.False);
            Assert.That(SandboxEvents.AwaitsSandbox(Pods.Stuck()), Is.False, "ErrImagePull means the sandbox exists");
        });
    }

    [Test]
    public void WithSandbox_AddsOneStuckSandboxEntryForThePauseImage()
    {
        var creating = Pods.Stuck();
        creating.Status.ContainerStatuses[0].State = new V1ContainerState { Waiting = new V1ContainerStateWaiting { Reason = "ContainerCreating" } };
        var snapshot = SandboxEvents.WithSandbox(PodProjection.Project(creating), SandboxEvents.Project(Event(PullFailure)));

        var stuck = snapshot.StuckContainers.Single();
        Assert.That((stuck.ContainerType, stuck.Image), Is.EqualTo((ContainerTypes.Sandbox, "registry.k8s.io/pause:3.9")));
    }

    private static Corev1Event Event(string message) => new()
    {
        Metadata = new V1ObjectMeta { Name = "web-1.17a", NamespaceProperty = "shop" },
        InvolvedObject = new V1ObjectReference { Kind = "Pod", Name = "web-1", NamespaceProperty = "shop", Uid = "uid-web-1" },
        Reason = SandboxEvents.Reason,
        Message = message,
        Type = "Warning",
        LastTimestamp = DateTime.UtcNow,
    };
}
