using System.Text;
using PullDoctor.Diagnosis;
using k8s;
using k8s.Models;
using PullDoctor.Core.Causes;
using PullDoctor.Operator.Crds;
using PullDoctor.Operator.Tests.Support;
using PullDoctor.RegistryFixtures;
using PullDoctor.RegistryFixtures.Kubelet;

namespace PullDoctor.Operator.Tests.E2E;

/// <summary>
/// The lifecycle, namespaced mode, sandbox and secrecy paths with the operator's real registry probe against real
/// docker-registry instances (the other end-to-end tests of these paths script the probe). Every test's teardown
/// holds the operator's API calls to deploy/rbac.yaml, as the RBAC tests do.
/// </summary>
[NonParallelizable]
public sealed class RealProbeEndToEndTests
{
    private const string User = "puller";
    private const string KnownPassword = "Kn0wn-pa55word-4-grep";

    private TestRegistry _anonymous = null!;
    private TestRegistry _basic = null!;
    private OperatorHarness _h = null!;

    [OneTimeSetUp]
    public async Task StartRegistries()
    {
        // A missing docker-registry (or htpasswd) ends the fixture here: a failure in CI, an ignore naming the package elsewhere.
        _anonymous = await TestRegistry.StartAsync(RegistryOptions.Anonymous);
        _basic = await TestRegistry.StartAsync(RegistryOptions.BasicAuth(User, KnownPassword));
        await _anonymous.PushTagsAsync("team/app", ["1.25.0", "1.25.3"], ImagePlatforms.LinuxAmd64);
        await _basic.PushTagsAsync("team/private", ["1.0", "1.1"], ImagePlatforms.LinuxAmd64);
    }

    [OneTimeTearDown]
    public async Task StopRegistries()
    {
        if (_anonymous is not null)
        {
            await _anonymous.DisposeAsync();
        }

        if (_basic is not null)
        {
            await _basic.DisposeAsync();
        }
    }

    [SetUp]
    public async Task SetUp() => _h = await OperatorHarness.StartAsync();

    [TearDown]
    public async Task TearDown()
    {
        RbacTests.AssertAllowed(_h.OperatorRequests());
        await _h.DisposeAsync();
    }

    [Test]
    public async Task Lifecycle_RealProbe_TagNotFoundConfirmed_ThenRecoveredWithOneEventEach()
    {
        var image = _anonymous.ImageReference("team/app", "1.25.x");
        var app = await _h.StartOperatorAsync();
        var pod = _h.PutPod(Pods.Stuck(image: image, message: KubeletPullMessages.NotFound(image)));
        _h.KubeletEvent(pod, "Failed", KubeletPullMessages.NotFound(image));

        var failing = await _h.WaitForDiagnosisAsync("web-1", d => d.Status?.Phase == "Failing" && d.Status.Containers?.Single().Confidence == "Confirmed", "Failing, confirmed by the registry");
        await _h.SetPodStatusAsync(Pods.Running(Pods.Stuck(image: image)));
        var resolved = await _h.WaitForDiagnosisAsync("web-1", d => d.Status?.Phase == "Resolved", "Resolved once the pod runs");
        await OperatorHarness.WaitForQuietAsync(app);

        var events = await _h.PullDoctorEventsAsync();
        Assert.Multiple(() =>
        {
            Assert.That(failing.Status!.Cause, Is.EqualTo(nameof(CauseCode.TagNotFound)));
            Assert.That(failing.Status.Containers!.Single().Suggestions, Does.Contain("1.25.3"), "nearest tags from the registry's real tag list");
            Assert.That(failing.Status.Containers!.Single().Evidence!.Probe!.RegistryHost, Is.EqualTo(_anonymous.Host));
            Assert.That(resolved.Status!.ResolvedTime, Is.Not.Null);
            Assert.That(events.Select(e => e.Reason), Is.EquivalentTo(new[] { nameof(CauseCode.TagNotFound), "ImagePullRecovered" }));
        });
    }

    [Test]
    public async Task NamespacedMode_RealProbe_DiagnosesItsNamespaceAndNeverTouchesAnother()
    {
        _h.Server.EnsureNamespace("other");
        var image = _anonymous.ImageReference("team/app", "1.25.x");
        var app = await _h.StartOperatorAsync(OperatorHarness.DefaultOptions with { Namespaces = [OperatorHarness.Namespace] });
        var outside = _h.PutPod(Pods.Stuck(name: "web-outside", image: image, message: KubeletPullMessages.NotFound(image), ns: "other", uid: "uid-outside"));
        _h.KubeletEvent(outside, "Failed", KubeletPullMessages.NotFound(image));
        var inside = _h.PutPod(Pods.Stuck(image: image, message: KubeletPullMessages.NotFound(image)));
        _h.KubeletEvent(inside, "Failed", KubeletPullMessages.NotFound(image));

        var d = await _h.WaitForDiagnosisAsync("web-1", d => d.Status?.Containers?.SingleOrDefault()?.Confidence == "Confirmed", "shop's pod diagnosed");
        await OperatorHarness.WaitForQuietAsync(app, 1);

        var inOther = await _h.Client.CustomObjects.ListNamespacedCustomObjectAsync<ImagePullDiagnosisList>(ImagePullDiagnosis.GroupName, ImagePullDiagnosis.Version, "other", ImagePullDiagnosis.Plural);
        var requests = _h.OperatorRequests();
        Assert.Multiple(() =>
        {
            Assert.That(d.Status!.Cause, Is.EqualTo(nameof(CauseCode.TagNotFound)));
            Assert.That(inOther.Items, Is.Empty, "no diagnosis outside the watched namespace");
            Assert.That(requests.Where(r => r.Namespace == "other").Select(r => $"{r.Verb} {r.Resource}"), Is.Empty, "no request into another namespace");
            Assert.That(
                requests.Where(r => r.Namespace.Length == 0 && r.Resource is "pods" or "events" or "imagepulldiagnoses" or "secrets").Select(r => $"{r.Verb} {r.Resource}"),
                Is.Empty,
                "no cluster-wide list or watch of namespaced objects");
            Assert.That(app.Prerequisites.Problem, Is.Null, "the CRD check ran in the watched namespace");
        });
    }

    [Test]
    public async Task SandboxImage_RealProbe_DiagnosedFromTheEventWithoutProbingTheNodesRegistry()
    {
        var pause = _anonymous.ImageReference("pause", "3.9");
        var message = $"Failed to create pod sandbox: rpc error: code = NotFound desc = failed to get sandbox image \"{pause}\": failed to pull image \"{pause}\": {KubeletPullMessages.NotFound(pause)}";
        await _h.StartOperatorAsync(recheck: TimeSpan.FromMilliseconds(200));
        var stuck = Pods.Stuck(image: _anonymous.ImageReference("team/app", "1.25.3"));
        foreach (var status in stuck.Status.ContainerStatuses)
        {
            status.State = new V1ContainerState { Waiting = new V1ContainerStateWaiting { Reason = "ContainerCreating" } };
        }

        var pod = _h.PutPod(stuck);
        _h.KubeletEvent(pod, "FailedCreatePodSandBox", message);

        var d = await _h.WaitForDiagnosisAsync("web-1", d => d.Status?.Phase == "Failing", "sandbox diagnosis Failing");
        var sandbox = d.Status!.Containers!.Single();
        Assert.Multiple(() =>
        {
            Assert.That(sandbox.ContainerType, Is.EqualTo(ContainerTypes.Sandbox));
            Assert.That(sandbox.Image, Is.EqualTo(pause));
            Assert.That(d.Status.Summary, Does.StartWith("Sandbox image: "));
            Assert.That(sandbox.Evidence!.Probe, Is.Null, "the node's runtime pulls the sandbox image: the registry is not probed for it");
        });
    }

    [Test]
    public async Task KnownPullSecretPassword_NeverInLogsOrMetrics()
    {
        var auth = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{User}:{KnownPassword}"));
        var config = "{\"auths\":{\"" + _basic.Host + "\":{\"username\":\"" + User + "\",\"password\":\"" + KnownPassword + "\",\"auth\":\"" + auth + "\"}}}";
        _h.Server.CreateOrReplace(OperatorHarness.Json(new V1Secret
        {
            ApiVersion = "v1",
            Kind = "Secret",
            Metadata = new V1ObjectMeta { Name = "regcred", NamespaceProperty = OperatorHarness.Namespace },
            Type = "kubernetes.io/dockerconfigjson",
            Data = new Dictionary<string, byte[]> { [".dockerconfigjson"] = Encoding.UTF8.GetBytes(config) },
        }));
        var logs = new CapturingSink();
        var app = await _h.StartOperatorAsync(logger: logs.Logger());
        var image = _basic.ImageReference("team/private", "9.9");
        var stuck = Pods.Stuck(image: image, message: KubeletPullMessages.NotFound(image));
        stuck.Spec.ImagePullSecrets = [new V1LocalObjectReference { Name = "regcred" }];
        var pod = _h.PutPod(stuck);
        _h.KubeletEvent(pod, "Failed", KubeletPullMessages.NotFound(image));

        // The probe used the secret: the tag list (behind Basic auth) gave the suggestions.
        var d = await _h.WaitForDiagnosisAsync("web-1", d => d.Status?.Containers?.SingleOrDefault()?.Confidence == "Confirmed", "confirmed with the pull secret");
        await OperatorHarness.WaitForQuietAsync(app, 1);
        using var http = new HttpClient { BaseAddress = app.Address, Timeout = TimeSpan.FromSeconds(10) };
        var metrics = await http.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        var logged = logs.All();
        var secretForms = new[] { KnownPassword, auth, Convert.ToBase64String(Encoding.UTF8.GetBytes(config)), Convert.ToBase64String(Encoding.UTF8.GetBytes(KnownPassword)) };

        Assert.Multiple(() =>
        {
            Assert.That(d.Status!.Cause, Is.EqualTo(nameof(CauseCode.TagNotFound)));
            Assert.That(d.Status.Containers!.Single().Suggestions, Does.Contain("1.1"), "the credentialed tag list was read");
            Assert.That(d.Status.Containers!.Single().PullSecrets!.Single().State, Is.EqualTo("Found"));
            Assert.That(logged, Is.Not.Empty, "the operator logged (at Verbose) while it worked");
            Assert.That(metrics, Does.Contain("pulldoctor_"), "the metrics were scraped");
            foreach (var secret in secretForms)
            {
                Assert.That(logged, Does.Not.Contain(secret), "a form of the pull secret in the operator's logs");
                Assert.That(metrics, Does.Not.Contain(secret), "a form of the pull secret in /metrics");
                Assert.That(KubernetesJson.Serialize(d), Does.Not.Contain(secret), "a form of the pull secret in the diagnosis");
            }
        });
    }
}
