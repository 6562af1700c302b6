using PullDoctor.Diagnosis;
using k8s.Models;
using PullDoctor.Operator.Crds;
using PullDoctor.Operator.Diagnosis;
using PullDoctor.Operator.Tests.Support;

namespace PullDoctor.Operator.Tests.Diagnosis;

public sealed class PodProjectionTests
{
    [TestCase("ErrImagePull", true)]
    [TestCase("ImagePullBackOff", true)]
    [TestCase("InvalidImageName", true)]
    [TestCase("ErrImageNeverPull", true)]
    [TestCase("RegistryUnavailable", true)]
    [TestCase("ImageInspectError", true)]
    [TestCase("SignatureValidationFailed", true)]
    [TestCase("ContainerCreating", false)]
    [TestCase("CrashLoopBackOff", false)]
    [TestCase("PodInitializing", false)]
    [TestCase("CreateContainerConfigError", false)]
    public void IsStuck_ByWaitingReason(string reason, bool stuck)
    {
        var pod = Pods.Stuck(reason: reason);

        Assert.Multiple(() =>
        {
            Assert.That(PodProjection.IsStuck(pod), Is.EqualTo(stuck));
            Assert.That(PodProjection.Project(pod).IsStuck, Is.EqualTo(stuck));
        });
    }

    [Test]
    public void IsStuck_RunningPod_False() =>
        Assert.That(PodProjection.IsStuck(Pods.Running(Pods.Stuck())), Is.False);

    [Test]
    public void IsStuck_PodWithoutStatus_False() =>
        Assert.That(PodProjection.IsStuck(new V1Pod { Metadata = new V1ObjectMeta { Name = "x" } }), Is.False);

    [Test]
    public void Project_KeepsOnlyWhatDiagnosisNeeds()
    {
        var pod = Pods.Stuck();
        pod.Spec.ImagePullSecrets = [new V1LocalObjectReference { Name = "regcred" }, new V1LocalObjectReference { Name = "regcred" }];

        var snapshot = PodProjection.Project(pod);

        Assert.Multiple(() =>
        {
            Assert.That(snapshot.Uid, Is.EqualTo("uid-web-1"));
            Assert.That(snapshot.Namespace, Is.EqualTo("shop"));
            Assert.That(snapshot.Name, Is.EqualTo("web-1"));
            Assert.That(snapshot.NodeName, Is.EqualTo("node-1"));
            Assert.That(snapshot.ServiceAccountName, Is.EqualTo("default"));
            Assert.That(snapshot.ImagePullSecrets, Is.EqualTo(new[] { "regcred" }));
            Assert.That(snapshot.ResourceVersion, Is.EqualTo("10"));
            Assert.That(snapshot.Controller, Is.EqualTo(new PodOwner("apps/v1", "ReplicaSet", "web-7c9d", "rs-uid", true)));
            Assert.That(snapshot.Containers.Single(), Is.EqualTo(new ContainerSnapshot("web", ContainerTypes.Container, "nginx:1.25.x", "IfNotPresent", "ErrImagePull", pod.Status.ContainerStatuses[0].State.Waiting.Message, false)));
        });
    }

    [Test]
    public void Project_InitAndEphemeralContainers_AreIncludedWithTheirTypes()
    {
        var pod = Pods.Stuck();
        pod.Spec.InitContainers = [new V1Container { Name = "init", Image = "busybox:nope" }];
        pod.Status.InitContainerStatuses = [new V1ContainerStatus { Name = "init", Image = "busybox:nope", ImageID = string.Empty, State = new V1ContainerState { Waiting = new V1ContainerStateWaiting { Reason = "ImagePullBackOff", Message = "Back-off pulling image \"busybox:nope\"" } } }];
        pod.Spec.EphemeralContainers = [new V1EphemeralContainer { Name = "debug", Image = "debugger:1" }, new V1EphemeralContainer { Name = "never-started", Image = "x" }];
        pod.Status.EphemeralContainerStatuses = [new V1ContainerStatus { Name = "debug", Image = "debugger:1", ImageID = string.Empty, State = new V1ContainerState { Waiting = new V1ContainerStateWaiting { Reason = "ErrImagePull" } } }];

        var snapshot = PodProjection.Project(pod);

        Assert.That(snapshot.StuckContainers.Select(c => (c.Name, c.ContainerType)), Is.EqualTo(new[]
        {
            ("init", ContainerTypes.InitContainer),
            ("web", ContainerTypes.Container),
            ("debug", ContainerTypes.EphemeralContainer),
        }));
    }

    [Test]
    public void AllImagesPulled_TrueOnlyWhenEveryContainerHasItsImage()
    {
        var pod = Pods.Stuck();
        pod.Spec.Containers.Add(new V1Container { Name = "sidecar", Image = "envoy:1" });
        pod.Status.ContainerStatuses.Add(new V1ContainerStatus { Name = "sidecar", Image = "envoy:1", ImageID = "envoy@sha256:1", State = new V1ContainerState { Running = new V1ContainerStateRunning() } });

        Assert.Multiple(() =>
        {
            Assert.That(PodProjection.Project(pod).AllImagesPulled, Is.False);
            Assert.That(PodProjection.Project(Pods.Running(pod)).AllImagesPulled, Is.True);
        });
    }

    [Test]
    public void AllImagesPulled_ContainerWithoutStatus_False()
    {
        var pod = Pods.Running(Pods.Stuck());
        pod.Spec.Containers.Add(new V1Container { Name = "late", Image = "x:1" });

        Assert.That(PodProjection.Project(pod).AllImagesPulled, Is.False);
    }

    [Test]
    public void Project_LongWaitingMessage_IsTruncated()
    {
        var pod = Pods.Stuck(message: new string('x', 10_000));

        Assert.That(PodProjection.Project(pod).Containers[0].WaitingMessage, Has.Length.EqualTo(PodProjection.MaxMessageLength));
    }
}
