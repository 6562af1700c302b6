using System.Text;
using PullDoctor.Core.Causes;
using PullDoctor.Core.Classification;
using PullDoctor.Core.Remediation;
using PullDoctor.Registry.Probe;

namespace PullDoctor.Diagnosis.Tests;

/// <summary>
/// The whole pipeline over plain evidence (an in-memory port, no Kubernetes types): the pod's secrets, owners and node
/// are read through <see cref="IPodEvidenceSource"/>, the registry answers, and one finding comes out.
/// </summary>
public sealed class PipelineTests
{
    private const string Image = "registry.example.test/team/web:1.25.x";

    // containerd's wording for a 401 on the manifest HEAD (tests/PullDoctor.Core.Tests/Corpus, containerd rows).
    private const string Unauthorized =
        "failed to pull and unpack image \"" + Image + "\": failed to resolve reference \"" + Image + "\": unexpected status from HEAD request to https://registry.example.test/v2/team/web/manifests/1.25.x: 401 Unauthorized";

    [Test]
    public async Task MissingSecretOfTheServiceAccount_RegistryAsksForCredentials_PullSecretMissingConfirmed()
    {
        var source = new Evidence { ServiceAccountSecrets = ["regcred"] };
        var pipeline = Pipeline(source, Answer(CauseCode.AuthenticationRequired, 401));

        var analysis = await pipeline.AnalyzeAsync(Pod(Unauthorized), CancellationToken.None);

        var finding = analysis.Primary!;
        Assert.Multiple(() =>
        {
            Assert.That(finding.Verdict.Cause, Is.EqualTo(CauseCode.PullSecretMissing));
            Assert.That(finding.Verdict.Confidence, Is.EqualTo(Confidence.Confirmed));
            Assert.That(finding.PullSecrets.Single(), Is.EqualTo(new EffectivePullSecret("regcred", PullSecretSource.ServiceAccount, PullSecretState.Missing, "secret regcred does not exist in the pod's namespace")));
            Assert.That(analysis.NodePlatform, Is.EqualTo("linux/arm64"));
            Assert.That(source.Reads, Is.EquivalentTo(new[] { "events", "serviceaccount default", "secret regcred", "node node-1" }));
        });
    }

    [Test]
    public async Task SecretWithTheRegistrysEntry_IsSentToTheProbe_AndTheRegistrysAnswerDecides()
    {
        var config = """{"auths":{"registry.example.test":{"username":"u","password":"p"}}}""";
        var source = new Evidence
        {
            ServiceAccountSecrets = ["regcred"],
            Secrets = { ["regcred"] = new SecretContent("kubernetes.io/dockerconfigjson", new Dictionary<string, byte[]> { [".dockerconfigjson"] = Encoding.UTF8.GetBytes(config) }) },
        };
        ProbeRequest? asked = null;
        var pipeline = Pipeline(source, Answer(CauseCode.TagNotFound, 404), r => asked = r);

        var analysis = await pipeline.AnalyzeAsync(Pod(Unauthorized), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(asked?.Credential, Is.Not.Null, "the matching credential went to the registry");
            Assert.That(analysis.Primary!.Verdict.Cause, Is.EqualTo(CauseCode.TagNotFound));
            Assert.That(analysis.Primary.Verdict.Disagreement, Does.Contain("AuthenticationRequired"));
        });
    }

    [Test]
    public void MessagesOnly_AnonymousDenialAndTheKubeletsMissingSecretEvent_PullSecretMissing_ButNotForAMissingTag()
    {
        // The Docker Hub denial and the kubelet's Event, as explain reads them (EvidenceClassifierTests' messages).
        const string denied = "Failed to pull image \"acme/api:2.1\": failed to pull and unpack image \"docker.io/acme/api:2.1\": failed to resolve reference \"docker.io/acme/api:2.1\": pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed";
        const string notFound = "Failed to pull image \"acme/api:2.1\": rpc error: code = NotFound desc = failed to pull and unpack image \"docker.io/acme/api:2.1\": failed to resolve reference \"docker.io/acme/api:2.1\": docker.io/acme/api:2.1: not found";
        ObservedEvent[] events = [new("FailedToRetrieveImagePullSecret", "Unable to retrieve some image pull secrets (regcred); attempting to pull the image may not succeed.", DateTimeOffset.UnixEpoch)];

        var secret = ContainerPipeline.Read(new PullEvidence { Image = "acme/api:2.1", WaitingReason = "ErrImagePull", WaitingMessage = denied, Events = events }, KubeletSecretEvents.AsStates(events));
        var tag = ContainerPipeline.Read(new PullEvidence { Image = "acme/api:2.1", WaitingReason = "ErrImagePull", WaitingMessage = notFound, Events = events }, KubeletSecretEvents.AsStates(events));

        Assert.Multiple(() =>
        {
            Assert.That(secret.Cause, Is.EqualTo(CauseCode.PullSecretMissing));
            Assert.That(secret.Facts.SecretNames, Is.EqualTo(new[] { "regcred" }));
            Assert.That(tag.Cause, Is.EqualTo(CauseCode.ImageNotFound), "a missing tag is not fixed by the secret");
        });
    }

    private static PodAnalyzer Pipeline(Evidence source, ProbeResult answer, Action<ProbeRequest>? onRequest = null) =>
        new(
            source,
            new AnsweringProbe(answer, onRequest),
            new PullSecretResolver(source, TimeProvider.System, readSecrets: true),
            new OwnerResolver(source, TimeProvider.System),
            new NodePlatformResolver(source, TimeProvider.System));

    private static PodSnapshot Pod(string message) => new(
        "uid-1",
        "shop",
        "web-1",
        "node-1",
        "default",
        [],
        [],
        [new ContainerSnapshot("web", ContainerTypes.Container, Image, "IfNotPresent", "ErrImagePull", message, ImagePulled: false)],
        "1");

    private static ProbeResult Answer(CauseCode cause, int status) => new()
    {
        Verdict = ProbeVerdict.Problem,
        Cause = cause,
        Reference = Image,
        RegistryHost = "registry.example.test",
        HttpStatus = status,
        CheckedAt = DateTimeOffset.UnixEpoch,
        Detail = "the registry said so.",
    };

    private sealed class AnsweringProbe(ProbeResult answer, Action<ProbeRequest>? onRequest) : IRegistryProbe
    {
        public Task<ProbeResult> ProbeAsync(ProbeRequest request, CancellationToken cancellationToken = default)
        {
            onRequest?.Invoke(request);
            return Task.FromResult(answer);
        }
    }

    /// <summary>The pod's surroundings as plain values, with every read recorded.</summary>
    private sealed class Evidence : IPodEvidenceSource
    {
        public IReadOnlyList<string> ServiceAccountSecrets { get; init; } = [];

        public Dictionary<string, SecretContent> Secrets { get; } = [];

        public List<string> Reads { get; } = [];

        public Task<IReadOnlyList<ObservedEvent>> ListPodEventsAsync(string namespaceName, string podUid, CancellationToken cancellationToken) =>
            Read<IReadOnlyList<ObservedEvent>>("events", []);

        public Task<IReadOnlyList<string>?> GetServiceAccountPullSecretsAsync(string namespaceName, string name, CancellationToken cancellationToken) =>
            Read<IReadOnlyList<string>?>($"serviceaccount {name}", ServiceAccountSecrets);

        public Task<SecretContent?> GetSecretAsync(string namespaceName, string name, CancellationToken cancellationToken) =>
            Read($"secret {name}", Secrets.GetValueOrDefault(name));

        public Task<IReadOnlyDictionary<string, string>?> GetNodeLabelsAsync(string name, CancellationToken cancellationToken) =>
            Read<IReadOnlyDictionary<string, string>?>($"node {name}", new Dictionary<string, string> { ["kubernetes.io/os"] = "linux", ["kubernetes.io/arch"] = "arm64" });

        public Task<IReadOnlyList<ReplicaSetSummary>> ListReplicaSetsAsync(string namespaceName, CancellationToken cancellationToken) =>
            Read<IReadOnlyList<ReplicaSetSummary>>("replicasets", []);

        public Task<IReadOnlyList<PodOwner>?> GetOwnersOfAsync(string namespaceName, string kind, string name, CancellationToken cancellationToken) =>
            Read<IReadOnlyList<PodOwner>?>($"{kind} {name}", null);

        private Task<T> Read<T>(string what, T value)
        {
            lock (Reads)
            {
                Reads.Add(what);
            }

            return Task.FromResult(value);
        }
    }
}
