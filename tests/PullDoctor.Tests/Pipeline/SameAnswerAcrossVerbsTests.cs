using System.Text;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using PullDoctor.Cli.Commands;
using PullDoctor.Cli.Commands.Diagnose;
using PullDoctor.Cli.Explain;
using PullDoctor.Core.Causes;
using PullDoctor.Core.Classification;
using PullDoctor.Core.References;
using PullDoctor.Diagnosis;
using PullDoctor.Operator.Crds;
using PullDoctor.Operator.Diagnosis;
using PullDoctor.Operator.Events;
using PullDoctor.Operator.Informers;
using PullDoctor.Operator.Queues;
using PullDoctor.Operator.Reconciliation;
using PullDoctor.Registry.Credentials;
using PullDoctor.Registry.Probe;
using PullDoctor.RegistryFixtures.Kubelet;

namespace PullDoctor.Tests.Pipeline;

/// <summary>
/// Issue 13: the operator (its reconciler, through to the status it writes), <c>diagnose pod</c>, <c>diagnose IMAGE</c>
/// and <c>explain</c> give the same cause and confidence for the same evidence. Each verb sees what it can: explain the
/// pod's messages, diagnose IMAGE the registry's answer and a pull secret file, the operator and diagnose pod all of it;
/// each row says which verbs see its whole evidence, and those must agree with each other and with the expected answer.
/// The pod, its Events, its secret and the registry's answer are in memory (no API server, no HTTP).
/// </summary>
public sealed class SameAnswerAcrossVerbsTests
{
    private const string Host = "registry.example.test:5000";
    private const string Image = Host + "/team/web:1.25.x";
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 2, 0, 0, TimeSpan.Zero);

    public sealed record Row(string Name, string WaitingMessage, string? Probe, string? SecretFor, CauseCode Cause, Confidence Confidence)
    {
        /// <summary>explain sees the whole evidence when there is no registry answer and no secret to weigh.</summary>
        public bool ExplainSeesAll => Probe is null && SecretFor is null;

        /// <summary>diagnose IMAGE sees the whole evidence when the messages name no cause of their own.</summary>
        public bool DiagnoseImageSeesAll => Probe is not null && WaitingMessage == KubeletPullMessages.BackOff(Image);

        public override string ToString() => Name;
    }

    private static readonly Row[] Rows =
    [
        // Messages only (probing off): every verb reads the same kubelet message.
        new("not found, no probe", KubeletPullMessages.NotFound(Image), null, null, CauseCode.ImageNotFound, Confidence.Likely),
        new("401, no probe", KubeletPullMessages.Unauthorized(Image, Host, "team/web", "1.25.x"), null, null, CauseCode.AuthenticationRequired, Confidence.Likely),
        new("no such host, no probe", KubeletPullMessages.NoSuchHost(Image, Host, "team/web", "1.25.x"), null, null, CauseCode.DnsResolutionFailed, Confidence.Likely),
        new("unknown authority, no probe", KubeletPullMessages.UnknownAuthority(Image, Host, "team/web", "1.25.x"), null, null, CauseCode.TlsCertificateError, Confidence.Likely),
        new("no platform match, no probe", KubeletPullMessages.NoMatchForPlatform(Image), null, null, CauseCode.PlatformMismatch, Confidence.Likely),

        // The registry's answer settles what the message cannot say.
        new("not found, registry: tag missing", KubeletPullMessages.NotFound(Image), "TagNotFound", null, CauseCode.TagNotFound, Confidence.Confirmed),
        new("back-off only, registry: tag missing", KubeletPullMessages.BackOff(Image), "TagNotFound", null, CauseCode.TagNotFound, Confidence.Confirmed),
        new("back-off only, registry: repository missing", KubeletPullMessages.BackOff(Image), "RepositoryNotFound", null, CauseCode.RepositoryNotFound, Confidence.Confirmed),
        new("401, registry asks for credentials", KubeletPullMessages.Unauthorized(Image, Host, "team/web", "1.25.x"), "AuthenticationRequired", null, CauseCode.AuthenticationRequired, Confidence.Confirmed),

        // A pull secret with no entry for the registry that wants credentials: the secret is the cause.
        new("401, secret for another registry", KubeletPullMessages.Unauthorized(Image, Host, "team/web", "1.25.x"), "AuthenticationRequired", "other.example.test", CauseCode.PullSecretInvalid, Confidence.Confirmed),
        new("back-off only, registry asks, secret for another registry", KubeletPullMessages.BackOff(Image), "AuthenticationRequired", "other.example.test", CauseCode.PullSecretInvalid, Confidence.Confirmed),
    ];

    [TestCaseSource(nameof(Rows))]
    public async Task EveryVerbThatSeesTheWholeEvidence_GivesTheSameCauseAndConfidence(Row row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var cluster = Cluster(row);
        var probe = row.Probe is null ? null : new AnsweringProbe(Answer(row.Probe));

        var answers = new Dictionary<string, (CauseCode Cause, Confidence Confidence)>
        {
            ["operator"] = await OperatorAsync(cluster, probe),
            ["diagnose pod"] = await DiagnosePodAsync(cluster, probe),
        };
        if (row.ExplainSeesAll)
        {
            answers["explain"] = Explain(cluster.Pod);
        }

        if (row.DiagnoseImageSeesAll)
        {
            answers["diagnose IMAGE"] = DiagnoseImage(row);
        }

        Assert.Multiple(() =>
        {
            foreach (var (verb, answer) in answers)
            {
                Assert.That(answer, Is.EqualTo((row.Cause, row.Confidence)), $"{verb} on '{row.Name}'");
            }
        });
    }

    [Test]
    public void TheTableExercisesEveryVerb()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Rows.Count(r => r.ExplainSeesAll), Is.GreaterThanOrEqualTo(3), "rows explain can be compared on");
            Assert.That(Rows.Count(r => r.DiagnoseImageSeesAll), Is.GreaterThanOrEqualTo(3), "rows diagnose IMAGE can be compared on");
        });
    }

    private static async Task<(CauseCode, Confidence)> OperatorAsync(InMemoryCluster cluster, IRegistryProbe? probe)
    {
        var time = new FixedTime(Now);
        var snapshot = PodProjection.Project(cluster.Pod);
        var key = new ObjectKey(snapshot.Namespace, snapshot.Name);
        var diagnoses = new InMemoryDiagnoses();
        var reconciler = new DiagnosisReconciler(
            new OneStuckPod(key, snapshot),
            diagnoses,
            cluster,
            PodAnalyzers.Create(cluster, probe, time, readSecrets: true),
            new DroppedEvents(),
            time,
            null,
            NullLogger<DiagnosisReconciler>.Instance);

        await reconciler.ReconcileAsync(key, CancellationToken.None);

        var written = diagnoses.Status ?? throw new AssertionException("the operator wrote no status");
        return Answer(written);
    }

    private static async Task<(CauseCode, Confidence)> DiagnosePodAsync(InMemoryCluster cluster, IRegistryProbe? probe)
    {
        var status = await DiagnosePodCommand.StatusAsync(cluster, probe, PodProjection.Project(cluster.Pod), new FixedTime(Now), CancellationToken.None);
        return Answer(status ?? throw new AssertionException("diagnose pod found the pod not stuck"));
    }

    private static (CauseCode, Confidence) Explain(V1Pod pod)
    {
        // What a person pastes: the pod as JSON (kubectl get pod -o json); the rows have no Events.
        var items = ExplainInputReader.Read(KubernetesJson.Serialize(pod));
        Assert.That(items, Has.Count.EqualTo(1), "explain read one container");
        var result = ExplainResult.For(items[0]);
        return (result.Verdict.Cause, result.Verdict.Confidence);
    }

    private static (CauseCode, Confidence) DiagnoseImage(Row row)
    {
        var image = ImageReference.Parse(Image).Reference!;
        var match = row.SecretFor is null ? null : CredentialKeyring.Match(ParseConfig(SecretJson(row.SecretFor)), image);
        var report = DiagnoseImageRunner.Decide(Image, row.SecretFor is null ? null : "/tmp/regcred.json", image, match, Answer(row.Probe!));
        return (report.Cause ?? CauseCode.Unknown, report.Confidence ?? Confidence.Likely);
    }

    private static (CauseCode, Confidence) Answer(ImagePullDiagnosisStatus status)
    {
        var container = status.Containers![0];
        return (Enum.Parse<CauseCode>(container.Cause!), Enum.Parse<Confidence>(container.Confidence!));
    }

    private static ProbeResult Answer(string cause) => new()
    {
        Verdict = ProbeVerdict.Problem,
        Cause = Enum.Parse<CauseCode>(cause),
        Reference = Image,
        RegistryHost = Host,
        HttpStatus = cause is "AuthenticationRequired" ? 401 : 404,
        CheckedAt = Now,
        Detail = cause is "AuthenticationRequired" ? "the registry asked for credentials (401)." : "the registry answered 404 (MANIFEST_UNKNOWN / NAME_UNKNOWN).",
        CredentialsSent = false,
    };

    private static InMemoryCluster Cluster(Row row)
    {
        var pod = new V1Pod
        {
            ApiVersion = "v1",
            Kind = "Pod",
            Metadata = new V1ObjectMeta { Name = "web-7c9d-x2x9q", NamespaceProperty = "shop", Uid = "pod-uid-1" },
            Spec = new V1PodSpec
            {
                NodeName = "node-1",
                Containers = [new V1Container { Name = "web", Image = Image }],
                ImagePullSecrets = row.SecretFor is null ? null : [new V1LocalObjectReference { Name = "regcred" }],
            },
            Status = new V1PodStatus
            {
                Phase = "Pending",
                ContainerStatuses =
                [
                    new V1ContainerStatus
                    {
                        Name = "web",
                        Image = Image,
                        ImageID = string.Empty,
                        State = new V1ContainerState { Waiting = new V1ContainerStateWaiting { Reason = "ErrImagePull", Message = row.WaitingMessage } },
                    },
                ],
            },
        };
        var cluster = new InMemoryCluster(pod);
        if (row.SecretFor is { } secretHost)
        {
            cluster.Secrets["regcred"] = new SecretContent(DockerConfigParser.DockerConfigJsonType, new Dictionary<string, byte[]> { [".dockerconfigjson"] = Encoding.UTF8.GetBytes(SecretJson(secretHost)) });
        }

        return cluster;
    }

    private static string SecretJson(string host) =>
        "{\"auths\":{\"" + host + "\":{\"auth\":\"" + Convert.ToBase64String(Encoding.UTF8.GetBytes("user:pass")) + "\"}}}";

    private static DockerConfig ParseConfig(string json)
    {
        var parsed = DockerConfigParser.ParseSecret(DockerConfigParser.DockerConfigJsonType, new Dictionary<string, byte[]> { [".dockerconfigjson"] = Encoding.UTF8.GetBytes(json) });
        return parsed.Config!;
    }

    private sealed class InMemoryCluster(V1Pod pod) : IClusterReader
    {
        public V1Pod Pod { get; } = pod;

        public Dictionary<string, SecretContent> Secrets { get; } = [];

        public Task<IReadOnlyList<ObservedEvent>> ListPodEventsAsync(string namespaceName, string podUid, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<ObservedEvent>>([]);

        public Task<V1Pod?> GetPodAsync(string namespaceName, string name, CancellationToken cancellationToken) => Task.FromResult<V1Pod?>(Pod);

        public Task<IReadOnlyList<string>?> GetServiceAccountPullSecretsAsync(string namespaceName, string name, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<string>?>([]);

        public Task<SecretContent?> GetSecretAsync(string namespaceName, string name, CancellationToken cancellationToken) =>
            Task.FromResult(Secrets.GetValueOrDefault(name));

        public Task<IReadOnlyDictionary<string, string>?> GetNodeLabelsAsync(string name, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyDictionary<string, string>?>(new Dictionary<string, string> { ["kubernetes.io/os"] = "linux", ["kubernetes.io/arch"] = "amd64" });

        public Task<IReadOnlyList<ReplicaSetSummary>> ListReplicaSetsAsync(string namespaceName, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<ReplicaSetSummary>>([]);

        public Task<IReadOnlyList<PullDoctor.Diagnosis.PodOwner>?> GetOwnersOfAsync(string namespaceName, string kind, string name, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<PullDoctor.Diagnosis.PodOwner>?>(null);
    }

    private sealed class AnsweringProbe(ProbeResult answer) : IRegistryProbe
    {
        public Task<ProbeResult> ProbeAsync(ProbeRequest request, CancellationToken cancellationToken = default) => Task.FromResult(answer);
    }

    private sealed class OneStuckPod(ObjectKey key, PodSnapshot pod) : IObjectStore<PodSnapshot>
    {
        public int Count => 1;

        public bool TryGet(ObjectKey wanted, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out PodSnapshot value)
        {
            value = wanted == key ? pod : null;
            return value is not null;
        }

        public IReadOnlyList<ObjectKey> Keys() => [key];

        public IReadOnlyList<KeyValuePair<ObjectKey, PodSnapshot>> List() => [new(key, pod)];
    }

    /// <summary>The diagnosis the reconciler creates and the status it writes, kept in memory.</summary>
    private sealed class InMemoryDiagnoses : IDiagnosisClient
    {
        private ImagePullDiagnosis? _stored;

        public ImagePullDiagnosisStatus? Status => _stored?.Status;

        public Task<ImagePullDiagnosis?> GetAsync(string namespaceName, string name, CancellationToken cancellationToken) => Task.FromResult(_stored);

        public Task<ImagePullDiagnosis> CreateAsync(ImagePullDiagnosis diagnosis, CancellationToken cancellationToken)
        {
            diagnosis.Metadata.Uid = "diagnosis-uid-1";
            diagnosis.Metadata.Generation = 1;
            _stored = diagnosis;
            return Task.FromResult(diagnosis);
        }

        public Task<ImagePullDiagnosis> ReplaceStatusAsync(ImagePullDiagnosis diagnosis, CancellationToken cancellationToken)
        {
            _stored = diagnosis;
            return Task.FromResult(diagnosis);
        }

        public Task<ImagePullDiagnosis> PatchLabelsAsync(string namespaceName, string name, IReadOnlyDictionary<string, string> labels, CancellationToken cancellationToken) =>
            Task.FromResult(_stored!);

        public Task DeleteAsync(string namespaceName, string name, string uid, CancellationToken cancellationToken)
        {
            _stored = null;
            return Task.CompletedTask;
        }

        public Task<IReadOnlyList<ImagePullDiagnosis>> ListAsync(string? namespaceName, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<ImagePullDiagnosis>>(_stored is null ? [] : [_stored]);
    }

    private sealed class DroppedEvents : IEventRecorder
    {
        public void Record(V1ObjectReference regarding, string type, string reason, string action, string note, V1ObjectReference? related = null)
        {
        }
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
