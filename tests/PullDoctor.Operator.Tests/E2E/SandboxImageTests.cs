using PullDoctor.Diagnosis;
using k8s.Models;
using PullDoctor.Core.Causes;
using PullDoctor.Operator.Crds;
using PullDoctor.Operator.Tests.Support;

namespace PullDoctor.Operator.Tests.E2E;

/// <summary>
/// A pod whose sandbox (pause) image cannot be pulled: its containers only wait in ContainerCreating, and the
/// kubelet's FailedCreatePodSandBox Event (kubelet 1.30 with containerd 1.7 wording) is the only evidence.
/// </summary>
[NonParallelizable]
public sealed class SandboxImageTests
{
    private const string PauseImage = "pause.registry.invalid/pause:3.9";

    private static readonly string SandboxMessage =
        $"Failed to create pod sandbox: rpc error: code = Unknown desc = failed to get sandbox image \"{PauseImage}\": failed to pull image \"{PauseImage}\": failed to pull and unpack image \"{PauseImage}\": failed to resolve reference \"{PauseImage}\": failed to do request: Head \"https://pause.registry.invalid/v2/pause/manifests/3.9\": dial tcp: lookup pause.registry.invalid on 10.96.0.10:53: no such host";

    private OperatorHarness _h = null!;

    [SetUp]
    public async Task SetUp() => _h = await OperatorHarness.StartAsync();

    [TearDown]
    public async Task TearDown()
    {
        RbacTests.AssertAllowed(_h.OperatorRequests());
        await _h.DisposeAsync();
    }

    [Test]
    public async Task SandboxImagePullFails_DiagnosedFromTheEvent_FixOnTheNode_ThenResolved()
    {
        // The probe must not be asked: the node's runtime, not the pod, pulls the sandbox image.
        var probe = new FakeProbe(r => FakeProbe.Problem(r, CauseCode.TagNotFound, 404));
        await _h.StartOperatorAsync(probe: probe, recheck: TimeSpan.FromMilliseconds(200));
        var pod = _h.PutPod(ContainerCreating(Pods.Stuck(image: "nginx:1.25.3")));
        _h.KubeletEvent(pod, "FailedCreatePodSandBox", SandboxMessage);

        var d = await _h.WaitForDiagnosisAsync("web-1", d => d.Status?.Phase == "Failing", "sandbox diagnosis Failing");
        var sandbox = d.Status!.Containers!.Single();
        Assert.Multiple(() =>
        {
            Assert.That(d.Status.Cause, Is.EqualTo(nameof(CauseCode.DnsResolutionFailed)));
            Assert.That(d.Status.Summary, Does.StartWith("Sandbox image: "));
            Assert.That(sandbox.ContainerType, Is.EqualTo(ContainerTypes.Sandbox));
            Assert.That(sandbox.Image, Is.EqualTo(PauseImage));
            Assert.That(sandbox.Remediation![0].Text, Does.Contain("runtime's configuration on the node"));
            Assert.That(sandbox.Evidence!.KubeletMessage, Does.Contain("failed to get sandbox image"));
            Assert.That(sandbox.Evidence.Probe, Is.Null);
            Assert.That(probe.Requests, Is.Empty, "the registry is not probed for the sandbox image");
        });

        await _h.SetPodStatusAsync(Pods.Running(Pods.Stuck(image: "nginx:1.25.3")));
        var resolved = await _h.WaitForDiagnosisAsync("web-1", d => d.Status?.Phase == "Resolved", "resolved once the sandbox exists");
        Assert.That(resolved.Status!.Cause, Is.EqualTo(nameof(CauseCode.DnsResolutionFailed)));
    }

    private static V1Pod ContainerCreating(V1Pod pod)
    {
        foreach (var status in pod.Status.ContainerStatuses)
        {
            status.State = new V1ContainerState { Waiting = new V1ContainerStateWaiting { Reason = "ContainerCreating" } };
        }

        return pod;
    }
}
