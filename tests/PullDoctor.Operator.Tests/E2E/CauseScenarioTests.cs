using PullDoctor.RegistryFixtures.Kubelet;
using System.Text;
using k8s;
using k8s.Models;
using PullDoctor.Operator.Hosting;
using PullDoctor.Operator.Tests.Support;
using PullDoctor.Registry.Caching;
using PullDoctor.Registry.Network;
using PullDoctor.Registry.Probe;
using PullDoctor.RegistryFixtures;

namespace PullDoctor.Operator.Tests.E2E;

/// <summary>
/// One scenario per cause the test environment can stage: real registries (CNCF distribution, anonymous and
/// basic auth), a refusing port and an unresolvable name; the pod and its Events worded as kubelet 1.30 with
/// containerd 1.7 word them; the operator's real registry probe, with the pod's real pull secrets.
/// </summary>
[NonParallelizable]
public sealed class CauseScenarioTests
{
    private const string BasicUser = "alice";
    private const string BasicPassword = "s3cret-pw";

    private TestRegistry _anonymous = null!;
    private TestRegistry _basic = null!;
    private OperatorHarness _h = null!;

    [OneTimeSetUp]
    public async Task StartRegistries()
    {
        // A missing docker-registry (or htpasswd) ends the fixture in StartAsync: a failure in CI, an ignore naming the package elsewhere.
        _anonymous = await TestRegistry.StartAsync(RegistryOptions.Anonymous);
        _basic = await TestRegistry.StartAsync(RegistryOptions.BasicAuth(BasicUser, BasicPassword));

        await _anonymous.PushTagsAsync("team/app", ["1.24.0", "1.25.0", "1.25.3"], ImagePlatforms.LinuxAmd64);
        await _anonymous.PushIndexAsync("multi/arm", "1.0", [ImagePlatforms.LinuxArm64]);
        await _basic.PushImageAsync("team/private", "1.0", ImagePlatforms.LinuxAmd64);
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
    public async Task TagNotFound_ConfirmedByTheRegistry_WithNearestTags()
    {
        var image = _anonymous.ImageReference("team/app", "1.25.x");
        var d = await DiagnoseAsync(image, "ErrImagePull", KubeletPullMessages.NotFound(image));

        Assert.Multiple(() =>
        {
            Assert.That(d.Cause, Is.EqualTo("TagNotFound"));
            Assert.That(d.Confidence, Is.EqualTo("Confirmed"));
            Assert.That(d.Suggestions, Does.Contain("1.25.3"));
            Assert.That(d.Evidence!.Probe!.HttpStatus, Is.EqualTo(404));
            Assert.That(d.Evidence.Probe.RegistryHost, Is.EqualTo(_anonymous.Host));
        });
    }

    [Test]
    public async Task RepositoryNotFound_ConfirmedByTheTagList()
    {
        var image = _anonymous.ImageReference("team/nope", "1.0");
        var d = await DiagnoseAsync(image, "ErrImagePull", KubeletPullMessages.NotFound(image));

        Assert.That((d.Cause, d.Confidence), Is.EqualTo(("RepositoryNotFound", "Confirmed")));
    }

    [Test]
    public async Task PlatformMismatch_ArmOnlyImageOnAnAmd64Node()
    {
        var image = _anonymous.ImageReference("multi/arm", "1.0");
        var d = await DiagnoseAsync(image, "ErrImagePull", KubeletPullMessages.NoMatchForPlatform(image));

        Assert.Multiple(() =>
        {
            Assert.That((d.Cause, d.Confidence), Is.EqualTo(("PlatformMismatch", "Confirmed")));
            Assert.That(d.Explanation, Does.Contain("linux/arm64"));
        });
    }

    [Test]
    public async Task AuthenticationRequired_NoPullSecret()
    {
        var image = _basic.ImageReference("team/private", "1.0");
        var d = await DiagnoseAsync(image, "ErrImagePull", KubeletPullMessages.Unauthorized(image, _basic.Host, "team/private", "1.0"));

        Assert.That((d.Cause, d.Confidence), Is.EqualTo(("AuthenticationRequired", "Confirmed")));
    }

    [Test]
    public async Task AuthenticationFailed_PullSecretWithAWrongPassword()
    {
        var image = _basic.ImageReference("team/private", "1.0");
        _h.PutDockerConfigSecret("regcred", _basic.Host, BasicUser, "wrong-password");
        var d = await DiagnoseAsync(image, "ErrImagePull", KubeletPullMessages.Unauthorized(image, _basic.Host, "team/private", "1.0"), secrets: ["regcred"]);

        Assert.Multiple(() =>
        {
            Assert.That(d.Cause, Is.EqualTo("AuthenticationFailed"));
            Assert.That(d.Confidence, Is.EqualTo("Confirmed"));
            Assert.That(d.PullSecrets!.Single().State, Is.EqualTo("Found"));
        });
        await AssertNoSecretAnywhereAsync("wrong-password");
    }

    [Test]
    public async Task PullSecretMissing_ReferencedSecretDoesNotExist()
    {
        var image = _basic.ImageReference("team/private", "1.0");
        var d = await DiagnoseAsync(
            image,
            "ErrImagePull",
            KubeletPullMessages.Unauthorized(image, _basic.Host, "team/private", "1.0"),
            secrets: ["missing-cred"],
            extraEvents: [("FailedToRetrieveImagePullSecret", KubeletPullMessages.SecretMissing("missing-cred"))]);

        Assert.Multiple(() =>
        {
            Assert.That((d.Cause, d.Confidence), Is.EqualTo(("PullSecretMissing", "Confirmed")));
            Assert.That(d.PullSecrets!.Single().State, Is.EqualTo("Missing"));
        });
    }

    [Test]
    public async Task PullSecretInvalid_SecretHasNoEntryForTheRegistry()
    {
        var image = _basic.ImageReference("team/private", "1.0");
        _h.PutDockerConfigSecret("hub-only", "https://index.docker.io/v1/", BasicUser, BasicPassword);
        var d = await DiagnoseAsync(image, "ErrImagePull", KubeletPullMessages.Unauthorized(image, _basic.Host, "team/private", "1.0"), secrets: ["hub-only"]);

        Assert.Multiple(() =>
        {
            Assert.That((d.Cause, d.Confidence), Is.EqualTo(("PullSecretInvalid", "Confirmed")));
            Assert.That(d.PullSecrets!.Single().State, Is.EqualTo("NoEntryForRegistry"));
        });
    }

    [Test]
    public async Task ConnectionRefused_NothingListens()
    {
        var host = RefusedPort.AllocateHost();
        var image = $"{host}/team/app:1.0";
        var d = await DiagnoseAsync(image, "ErrImagePull", KubeletPullMessages.ConnectionRefused(image, host, "team/app", "1.0"));

        Assert.That((d.Cause, d.Confidence), Is.EqualTo(("ConnectionRefused", "Confirmed")));
    }

    [Test]
    public async Task DnsResolutionFailed_NameUnderInvalid()
    {
        var host = UnresolvableHost.Unique() + ":5000";
        var image = $"{host}/team/app:1.0";
        var d = await DiagnoseAsync(image, "ErrImagePull", KubeletPullMessages.NoSuchHost(image, host, "team/app", "1.0"));

        Assert.Multiple(() =>
        {
            Assert.That((d.Cause, d.Confidence), Is.EqualTo(("DnsResolutionFailed", "Confirmed")));
            Assert.That(d.Evidence!.Probe!.Detail, Does.Not.Contain("no answer"), "the probe saw what the node saw: that is an answer");
            Assert.That(d.Evidence.Probe.LatestAttempt, Is.Null);
        });
    }

    [Test]
    public async Task InvalidImageReference_NeverProbed()
    {
        var image = $"{_anonymous.Host}/Team/App:1.0";
        var d = await DiagnoseAsync(image, "InvalidImageName", KubeletPullMessages.InvalidName(image));

        Assert.Multiple(() =>
        {
            Assert.That((d.Cause, d.Confidence), Is.EqualTo(("InvalidImageReference", "Likely")));
            Assert.That(d.Evidence!.Probe, Is.Null);
        });
    }

    [Test]
    public async Task NeverPullPolicy_ImageNotOnTheNode()
    {
        var image = _anonymous.ImageReference("team/app", "1.25.3");
        var d = await DiagnoseAsync(image, "ErrImageNeverPull", KubeletPullMessages.NeverPull(image));

        Assert.That((d.Cause, d.Confidence), Is.EqualTo(("NeverPullPolicy", "Likely")));
    }

    [Test]
    public async Task ThousandPodsOfOneBadImage_OneRegistryProbe()
    {
        var image = _anonymous.ImageReference("team/app", "9.9.9");
        var counting = new CountingProbe(new RegistryProbe(new RegistryProbeOptions { NetworkPolicy = NetworkPolicy.Operator with { AllowedNetworks = [System.Net.IPNetwork.Parse("127.0.0.0/8")] } }));
        using var cached = new CachingRegistryProbe(counting);
        var app = await _h.StartOperatorAsync(OperatorHarness.DefaultOptions with { Workers = 8 }, cached);
        await OperatorHarness.WaitUntilAsync(() => Task.FromResult(app.Informers.All(i => i.HasSynced)), () => "synced");
        var started = DateTime.UtcNow;

        for (var i = 0; i < 1000; i++)
        {
            var pod = Pods.Stuck(name: $"burst-{i}", image: image, message: KubeletPullMessages.NotFound(image));
            pod.Metadata.OwnerReferences = null;
            _h.PutPod(pod);
        }

        await OperatorHarness.WaitUntilAsync(
            async () => (await _h.Client.CustomObjects.ListNamespacedCustomObjectAsync<PullDoctor.Operator.Crds.ImagePullDiagnosisList>("pulldoctor.dev", "v1alpha1", OperatorHarness.Namespace, "imagepulldiagnoses"))
                .Items.Count(d => d.Status?.Cause == "TagNotFound") == 1000,
            () => "1000 diagnoses",
            TimeSpan.FromSeconds(120));
        var elapsed = DateTime.UtcNow - started;

        var writes = _h.OperatorWrites();
        TestContext.Out.WriteLine($"1000 stuck pods diagnosed in {elapsed.TotalSeconds:0.0} s; registry probes: {counting.Calls}; operator writes: {writes.Count}; operator requests: {_h.OperatorRequests().Count}");
        Assert.Multiple(() =>
        {
            Assert.That(counting.Calls, Is.EqualTo(1), "one probe for the whole burst");
            Assert.That(writes.Count(w => w.ResourceWithSubresource == "imagepulldiagnoses"), Is.EqualTo(1000));
            Assert.That(writes.Count(w => w.ResourceWithSubresource == "imagepulldiagnoses/status"), Is.EqualTo(1000));
        });
    }

    private async Task<PullDoctor.Operator.Crds.ContainerDiagnosis> DiagnoseAsync(
        string image,
        string reason,
        string message,
        IReadOnlyList<string>? secrets = null,
        IReadOnlyList<(string Reason, string Message)>? extraEvents = null)
    {
        await _h.StartOperatorAsync();
        var pod = Pods.Stuck(image: image, reason: reason, message: message);
        if (reason == "ErrImageNeverPull")
        {
            pod.Spec.Containers[0].ImagePullPolicy = "Never";
        }

        pod.Spec.ImagePullSecrets = secrets?.Select(s => new V1LocalObjectReference { Name = s }).ToList();
        var stored = _h.PutPod(pod);
        foreach (var (eventReason, eventMessage) in extraEvents ?? [])
        {
            _h.KubeletEvent(stored, eventReason, eventMessage);
        }

        if (reason is "ErrImagePull")
        {
            _h.KubeletEvent(stored, "Failed", message);
        }

        var diagnosis = await _h.WaitForDiagnosisAsync("web-1", d => d.Status?.Phase == "Failing", $"diagnosis of {image}");
        TestContext.Out.WriteLine($"{diagnosis.Status!.Cause}: {diagnosis.Status.Summary}");
        return diagnosis.Status.Containers!.Single();
    }


    // SPEC §5: never any secret material in status or Events.
    private async Task AssertNoSecretAnywhereAsync(string secret)
    {
        var diagnosis = await _h.GetDiagnosisAsync("web-1");
        var events = await _h.PullDoctorEventsAsync();
        Assert.Multiple(() =>
        {
            Assert.That(k8s.KubernetesJson.Serialize(diagnosis), Does.Not.Contain(secret));
            Assert.That(string.Join("\n", events.Select(e => e.Message)), Does.Not.Contain(secret));
        });
    }

    private sealed class CountingProbe(IRegistryProbe inner) : IRegistryProbe
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public Task<ProbeResult> ProbeAsync(ProbeRequest request, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _calls);
            return inner.ProbeAsync(request, cancellationToken);
        }
    }
}
