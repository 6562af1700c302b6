using PullDoctor.Diagnosis;
using k8s.Models;
using Microsoft.Extensions.Time.Testing;
using PullDoctor.Core.Causes;
using PullDoctor.Core.Classification;
using PullDoctor.Core.Remediation;
using PullDoctor.Operator.Diagnosis;
using PullDoctor.Operator.Tests.Support;
using PullDoctor.Registry.Probe;

namespace PullDoctor.Operator.Tests.Diagnosis;

public sealed class PodAnalyzerTests
{
    private const string HubJson = """{"auths":{"https://index.docker.io/v1/":{"auth":"dXNlcjpwYXNz"}}}""";
    private const string GhcrJson = """{"auths":{"ghcr.io":{"username":"u","password":"p"}}}""";

    private FakeClusterReader _reader = null!;
    private FakeTimeProvider _time = null!;

    [SetUp]
    public void SetUp()
    {
        _time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero));
        _reader = new FakeClusterReader();
        _reader.Nodes["node-1"] = new V1Node { Metadata = new V1ObjectMeta { Name = "node-1", Labels = new Dictionary<string, string> { ["kubernetes.io/os"] = "linux", ["kubernetes.io/arch"] = "amd64" } } };
        _reader.Owners[("ReplicaSet", "web-7c9d")] = [new PodOwner("apps/v1", "Deployment", "web", "d-uid", true)];
        _reader.ServiceAccounts["default"] = new V1ServiceAccount { Metadata = new V1ObjectMeta { Name = "default" } };
    }

    [Test]
    public async Task Analyze_TagNotFound_ProbeRefinesAndNamesTheDeployment()
    {
        var probe = new FakeProbe(r => FakeProbe.Problem(r, CauseCode.TagNotFound, 404, "1.25.3", "1.25.2"));

        var analysis = await Analyzer(probe).AnalyzeAsync(PodProjection.Project(Pods.Stuck()), CancellationToken.None);

        var finding = analysis.Findings.Single();
        Assert.Multiple(() =>
        {
            Assert.That(analysis.Workload, Is.EqualTo(new WorkloadReference("Deployment", "web") { ApiVersion = "apps/v1", Via = "web-7c9d" }));
            Assert.That(analysis.NodePlatform, Is.EqualTo("linux/amd64"));
            Assert.That(finding.Verdict.Cause, Is.EqualTo(CauseCode.TagNotFound));
            Assert.That(finding.Verdict.Confidence, Is.EqualTo(Confidence.Confirmed));
            Assert.That(finding.Reference, Is.EqualTo("docker.io/library/nginx:1.25.x"));
            Assert.That(finding.Advice.Summary, Does.Contain("1.25.3"));
            Assert.That(finding.Advice.Steps.Select(s => s.Command), Has.Some.Contains("kubectl -n shop set image deployment/web web=nginx:1.25.3"));
            Assert.That(probe.Requests.Single().Platform?.ToString(), Is.EqualTo("linux/amd64"));
        });
    }

    [Test]
    public async Task Analyze_OlderKubelet_BackOffWaitingMessage_ReadsTheCauseFromTheFailedEvent()
    {
        var pod = Pods.Stuck(reason: "ImagePullBackOff", message: "Back-off pulling image \"nginx:1.25.x\"");
        _reader.Events.Add(new ObservedEvent("BackOff", "Back-off pulling image \"nginx:1.25.x\"", _time.GetUtcNow()));
        _reader.Events.Add(new ObservedEvent("Failed", $"Failed to pull image \"nginx:1.25.x\": {Pods.TagNotFoundMessage}", _time.GetUtcNow().AddSeconds(-30)));

        var analysis = await Analyzer(probe: null).AnalyzeAsync(PodProjection.Project(pod), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(analysis.Findings.Single().Verdict.Cause, Is.EqualTo(CauseCode.ImageNotFound));
            Assert.That(analysis.Findings.Single().Verdict.Confidence, Is.EqualTo(Confidence.Likely));
            Assert.That(analysis.LastFailureSeen, Is.EqualTo(_time.GetUtcNow().AddSeconds(-30)), "the BackOff Event is not a failure time");
        });
    }

    [Test]
    public async Task Analyze_MissingSecret_WhenRegistryAsksForCredentials_IsPullSecretMissing()
    {
        var pod = Pods.Stuck(image: "ghcr.io/acme/api:2.1", message: "Failed to pull image \"ghcr.io/acme/api:2.1\": failed to pull and unpack image \"ghcr.io/acme/api:2.1\": failed to resolve reference \"ghcr.io/acme/api:2.1\": failed to authorize: failed to fetch anonymous token: unexpected status from GET request to https://ghcr.io/token?scope=repository%3Aacme%2Fapi%3Apull&service=ghcr.io: 401 Unauthorized");
        pod.Spec.ImagePullSecrets = [new V1LocalObjectReference { Name = "ghcr-cred" }];
        var probe = new FakeProbe(r => FakeProbe.Problem(r, CauseCode.AuthenticationRequired, 401));

        var analysis = await Analyzer(probe).AnalyzeAsync(PodProjection.Project(pod), CancellationToken.None);

        var finding = analysis.Findings.Single();
        Assert.Multiple(() =>
        {
            Assert.That(finding.Verdict.Cause, Is.EqualTo(CauseCode.PullSecretMissing));
            Assert.That(finding.Verdict.Confidence, Is.EqualTo(Confidence.Confirmed));
            Assert.That(finding.PullSecrets.Single(), Is.EqualTo(new EffectivePullSecret("ghcr-cred", PullSecretSource.Pod, PullSecretState.Missing, "secret ghcr-cred does not exist in the pod's namespace")));
            Assert.That(probe.Requests.Single().Credential, Is.Null);
        });
    }

    [Test]
    public async Task Analyze_SecretKeyedForDockerHub_ImageOnGhcr_IsPullSecretInvalid_NoEntryForRegistry()
    {
        var pod = Pods.Stuck(image: "ghcr.io/acme/api:2.1", message: "Failed to pull image \"ghcr.io/acme/api:2.1\": failed to pull and unpack image \"ghcr.io/acme/api:2.1\": failed to resolve reference \"ghcr.io/acme/api:2.1\": failed to authorize: failed to fetch anonymous token: unexpected status from GET request to https://ghcr.io/token?scope=repository%3Aacme%2Fapi%3Apull&service=ghcr.io: 401 Unauthorized");
        pod.Spec.ImagePullSecrets = [new V1LocalObjectReference { Name = "hub" }];
        _reader.Secrets["hub"] = FakeClusterReader.DockerConfigSecret("hub", HubJson);
        var probe = new FakeProbe(r => FakeProbe.Problem(r, CauseCode.AuthenticationRequired, 401));

        var analysis = await Analyzer(probe).AnalyzeAsync(PodProjection.Project(pod), CancellationToken.None);

        var finding = analysis.Findings.Single();
        Assert.Multiple(() =>
        {
            Assert.That(finding.Verdict.Cause, Is.EqualTo(CauseCode.PullSecretInvalid));
            Assert.That(finding.PullSecrets.Single().State, Is.EqualTo(PullSecretState.NoEntryForRegistry));
            Assert.That(finding.PullSecrets.Single().Detail, Does.Contain("index.docker.io"));
        });
    }

    [Test]
    public async Task Analyze_SecretFromServiceAccount_IsUsedForTheProbe()
    {
        var pod = Pods.Stuck(image: "ghcr.io/acme/api:2.1", message: "Failed to pull image \"ghcr.io/acme/api:2.1\": failed to pull and unpack image \"ghcr.io/acme/api:2.1\": failed to resolve reference \"ghcr.io/acme/api:2.1\": ghcr.io/acme/api:2.1: not found");
        _reader.ServiceAccounts["default"].ImagePullSecrets = [new V1LocalObjectReference { Name = "ghcr" }];
        _reader.Secrets["ghcr"] = FakeClusterReader.DockerConfigSecret("ghcr", GhcrJson);
        var probe = new FakeProbe(r => FakeProbe.Problem(r, CauseCode.TagNotFound, 404));

        var analysis = await Analyzer(probe).AnalyzeAsync(PodProjection.Project(pod), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(probe.Requests.Single().Credential?.Username, Is.EqualTo("u"));
            Assert.That(analysis.Findings.Single().PullSecrets.Single(), Is.EqualTo(new EffectivePullSecret("ghcr", PullSecretSource.ServiceAccount, PullSecretState.Found)));
        });
    }

    [Test]
    public async Task Analyze_ReadingSecretsOff_NeverReadsSecrets_AndStatesAreUnknown()
    {
        var pod = Pods.Stuck();
        pod.Spec.ImagePullSecrets = [new V1LocalObjectReference { Name = "hub" }];
        _reader.Secrets["hub"] = FakeClusterReader.DockerConfigSecret("hub", HubJson);

        var analysis = await Analyzer(probe: null, readSecrets: false).AnalyzeAsync(PodProjection.Project(pod), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(_reader.Reads.ContainsKey("secrets"), Is.False);
            Assert.That(analysis.Findings.Single().PullSecrets.Single().State, Is.Null);
        });
    }

    [Test]
    public async Task Analyze_NeverPullPolicy_DoesNotProbe()
    {
        var pod = Pods.Stuck(reason: "ErrImageNeverPull", message: "Container image \"nginx:1.25.x\" is not present with pull policy of Never");
        var probe = new FakeProbe(FakeProbe.Pullable);

        var analysis = await Analyzer(probe).AnalyzeAsync(PodProjection.Project(pod), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(analysis.Findings.Single().Verdict.Cause, Is.EqualTo(CauseCode.NeverPullPolicy));
            Assert.That(probe.Requests, Is.Empty);
        });
    }

    [Test]
    public async Task Analyze_InvalidReference_NoProbeAndNoReference()
    {
        var pod = Pods.Stuck(image: "MyApp:1.0", reason: "InvalidImageName", message: "Failed to apply default image tag \"MyApp:1.0\": couldn't parse image name \"MyApp:1.0\": invalid reference format: repository name (library/MyApp) must be lowercase");
        var probe = new FakeProbe(FakeProbe.Pullable);

        var finding = (await Analyzer(probe).AnalyzeAsync(PodProjection.Project(pod), CancellationToken.None)).Findings.Single();

        Assert.Multiple(() =>
        {
            Assert.That(finding.Verdict.Cause, Is.EqualTo(CauseCode.InvalidImageReference));
            Assert.That(finding.Reference, Is.Null);
            Assert.That(probe.Requests, Is.Empty);
        });
    }

    [Test]
    public async Task Analyze_ThousandPodsOfOneReplicaSet_ReadSharedObjectsOnce()
    {
        var analyzer = Analyzer(probe: null);
        for (var i = 0; i < 1000; i++)
        {
            await analyzer.AnalyzeAsync(PodProjection.Project(Pods.Stuck(name: $"web-{i}", uid: $"uid-{i}")), CancellationToken.None);
        }

        Assert.Multiple(() =>
        {
            Assert.That(_reader.Reads["ReplicaSet"], Is.EqualTo(1));
            Assert.That(_reader.Reads["nodes"], Is.EqualTo(1));
            Assert.That(_reader.Reads["serviceaccounts"], Is.EqualTo(1));
            Assert.That(_reader.Reads["events"], Is.EqualTo(1000), "Events are per pod");
        });
    }

    [Test]
    public async Task Analyze_BarePod_WorkloadIsThePod()
    {
        var pod = Pods.Stuck();
        pod.Metadata.OwnerReferences = null;

        var analysis = await Analyzer(probe: null).AnalyzeAsync(PodProjection.Project(pod), CancellationToken.None);

        Assert.That(analysis.Workload, Is.EqualTo(new WorkloadReference("Pod", "web-1") { ApiVersion = "v1" }));
    }

    [Test]
    public async Task Analyze_JobOfCronJob_WorkloadIsTheCronJob()
    {
        var pod = Pods.Stuck();
        pod.Metadata.OwnerReferences = [new V1OwnerReference { ApiVersion = "batch/v1", Kind = "Job", Name = "backup-2901", Uid = "j", Controller = true }];
        _reader.Owners[("Job", "backup-2901")] = [new PodOwner("batch/v1", "CronJob", "backup", "c", true)];

        var analysis = await Analyzer(probe: null).AnalyzeAsync(PodProjection.Project(pod), CancellationToken.None);

        Assert.That(analysis.Workload, Is.EqualTo(new WorkloadReference("CronJob", "backup") { ApiVersion = "batch/v1", Via = "backup-2901" }), "the stuck Job is kept: it must be deleted");
    }

    [Test]
    public async Task Analyze_StatefulSetPod_IsTheTopWithoutReads()
    {
        var pod = Pods.Stuck();
        pod.Metadata.OwnerReferences = [new V1OwnerReference { ApiVersion = "apps/v1", Kind = "StatefulSet", Name = "db", Uid = "s", Controller = true }];

        var analysis = await Analyzer(probe: null).AnalyzeAsync(PodProjection.Project(pod), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(analysis.Workload, Is.EqualTo(new WorkloadReference("StatefulSet", "db") { ApiVersion = "apps/v1" }));
            Assert.That(_reader.Reads.ContainsKey("ReplicaSet"), Is.False);
        });
    }

    private PodAnalyzer Analyzer(IRegistryProbe? probe, bool readSecrets = true) =>
        new(_reader, probe, new PullSecretResolver(_reader, _time, readSecrets), new OwnerResolver(_reader, _time), new NodePlatformResolver(_reader, _time));
}
