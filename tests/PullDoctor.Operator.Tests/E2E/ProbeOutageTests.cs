using k8s.Models;
using PullDoctor.Operator.Hosting;
using PullDoctor.Operator.Tests.Support;
using PullDoctor.Registry.Network;
using PullDoctor.Registry.Probe;
using PullDoctor.RegistryFixtures;
using PullDoctor.RegistryFixtures.Kubelet;

namespace PullDoctor.Operator.Tests.E2E;

/// <summary>
/// The diagnosis stays true (issue 14): a real registry confirms TagNotFound, then goes away while the kubelet keeps
/// saying the same thing. The operator's probe (uncached, so every reconcile asks again) now gets connection refused;
/// the confirmed verdict must stand, say that the latest probe could not answer, and leave one Warning on the pod —
/// not TagNotFound → ImageNotFound → TagNotFound. When the kubelet's message itself changes, the diagnosis follows.
/// </summary>
[NonParallelizable]
public sealed class ProbeOutageTests
{
    private TestRegistry? _registry;
    private OperatorHarness _h = null!;

    [SetUp]
    public async Task SetUp()
    {
        try
        {
            _registry = await TestRegistry.StartAsync(RegistryOptions.Anonymous);
        }
        catch (Exception ex) when (Environment.GetEnvironmentVariable("CI") != "true" && ex.Message.Contains("not found", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Ignore("docker-registry is not installed: " + ex.Message);
        }

        await _registry.PushTagsAsync("team/app", ["1.24.0", "1.25.0", "1.25.3"], ImagePlatforms.LinuxAmd64);
        _h = await OperatorHarness.StartAsync();
    }

    [TearDown]
    public async Task TearDown()
    {
        if (_registry is not null)
        {
            await _registry.DisposeAsync();
        }

        RbacTests.AssertAllowed(_h.OperatorRequests());
        await _h.DisposeAsync();
    }

    [Test]
    public async Task ConfirmedTagNotFound_RegistryGoesAway_NoFlip_OneWarning_UntilTheMessageChanges()
    {
        var probe = new RegistryProbe(new RegistryProbeOptions { NetworkPolicy = NetworkPolicy.Operator with { AllowedNetworks = [System.Net.IPNetwork.Parse("127.0.0.0/8")] } });
        var app = await _h.StartOperatorAsync(probe: probe);
        var image = _registry!.ImageReference("team/app", "1.25.x");
        var host = _registry.Host;
        var notFound = KubeletPullMessages.NotFound(image);
        var pod = _h.PutPod(Pods.Stuck(image: image, message: notFound));
        _h.KubeletEvent(pod, "Failed", notFound);

        await _h.WaitForDiagnosisAsync("web-1", d => d.Status?.Containers?[0] is { Cause: "TagNotFound", Confidence: "Confirmed" }, "TagNotFound confirmed by the registry");

        // The registry goes away; the kubelet retries and says the same (back-off, then the same failure again).
        await _registry.DisposeAsync();
        _registry = null;
        await _h.SetPodStatusAsync(Pods.Stuck(image: image, reason: "ImagePullBackOff", message: notFound));
        var held = await _h.WaitForDiagnosisAsync("web-1", d => d.Status?.Containers?[0].Evidence?.Probe?.LatestAttempt is not null, "the latest probe's failure recorded");
        await _h.SetPodStatusAsync(Pods.Stuck(image: image, reason: "ErrImagePull", message: notFound));
        await QuiescentAsync(app);

        var container = held.Status!.Containers![0];
        var warnings = (await _h.PullDoctorEventsAsync()).Where(e => e.InvolvedObject.Name == "web-1" && e.Type == "Warning").ToList();
        TestContext.Out.WriteLine(container.Evidence!.Probe!.LatestAttempt);
        Assert.Multiple(() =>
        {
            Assert.That((held.Status.Cause, container.Cause, container.Confidence), Is.EqualTo(("TagNotFound", "TagNotFound", "Confirmed")));
            Assert.That(container.Suggestions, Does.Contain("1.25.3"), "the registry's earlier answer is kept");
            Assert.That(container.Evidence.Probe.LatestAttempt, Does.Contain("could not answer").And.Contain(host).And.Contain("ConnectionRefused"));
            Assert.That(warnings.Select(e => e.Reason), Is.EqualTo(new[] { "TagNotFound" }), "one Warning, no flip");
        });

        // Now the node cannot reach the registry either: the kubelet's message changes, and so does the diagnosis.
        var refused = KubeletPullMessages.ConnectionRefused(image, host, "team/app", "1.25.x");
        _h.KubeletEvent(pod, "Failed", refused, at: DateTime.UtcNow.AddSeconds(1));
        await _h.SetPodStatusAsync(Pods.Stuck(image: image, reason: "ErrImagePull", message: refused));
        var changed = await _h.WaitForDiagnosisAsync("web-1", d => d.Status?.Cause == "ConnectionRefused", "ConnectionRefused after the message changed");
        await QuiescentAsync(app);

        warnings = (await _h.PullDoctorEventsAsync()).Where(e => e.InvolvedObject.Name == "web-1" && e.Type == "Warning").ToList();
        Assert.Multiple(() =>
        {
            Assert.That(changed.Status!.Containers![0].Evidence?.Probe?.LatestAttempt, Is.Null);
            Assert.That(warnings.Select(e => e.Reason).Order(), Is.EqualTo(new[] { "ConnectionRefused", "TagNotFound" }));
        });
    }

    // Nothing queued or in progress, and every Event recorded has been written: no further Warning can be on its way.
    private static Task QuiescentAsync(OperatorApp app) =>
        OperatorHarness.WaitUntilAsync(
            () => Task.FromResult(app.Queue.Length == 0 && app.Runner.Stats.ActiveWorkers == 0 && app.EventStats.Processed == app.EventStats.Recorded),
            () => $"quiescent operator (queue {app.Queue.Length}, active {app.Runner.Stats.ActiveWorkers}, events {app.EventStats.Processed}/{app.EventStats.Recorded})");
}
