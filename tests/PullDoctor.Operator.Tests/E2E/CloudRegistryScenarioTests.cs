using System.Text;
using k8s.Models;
using PullDoctor.Core.References;
using PullDoctor.Operator.Tests.Support;
using PullDoctor.Registry.Network;
using PullDoctor.Registry.Probe;
using PullDoctor.RegistryFixtures.Hostile;

namespace PullDoctor.Operator.Tests.E2E;

/// <summary>
/// One scenario per ECR auth path against the in-process API server, with the operator's real registry probe. ECR is
/// never dialled: the probe's requests for the ECR host go to a loopback server answering with ECR's recorded
/// challenge and bodies (Basic realm/service from https://github.com/mayflower/docker-ls/issues/28, "Not Authorized"
/// from https://github.com/enix/kube-image-keeper/issues/172, the expired-token body from
/// https://github.com/aws/aws-cli/issues/6580). The kubelet Event is the kubelet's "Failed to pull image" form around
/// the runtime error of https://github.com/kubernetes/kubernetes/issues/102750 (account 820537372947, us-east-1).
/// </summary>
[NonParallelizable]
public sealed class CloudRegistryScenarioTests
{
    private const string EcrHost = "820537372947.dkr.ecr.us-east-1.amazonaws.com";
    private const string Image = EcrHost + "/cats:v2";
    private const string EcrChallenge = "Basic realm=\"https://" + EcrHost + "/\",service=\"ecr.amazonaws.com\"";

    private const string NoCredentialsMessage = "Failed to pull image \"" + Image + "\": rpc error: code = Unknown desc = failed to pull and unpack image \"" + Image + "\": failed to resolve reference \"" + Image + "\": unexpected status code [manifests v2]: 401 Unauthorized";

    // containerd >=2.2 keeps the body on GET (corpus messages.containerd.jsonl, composed row), for this image.
    private const string ExpiredMessage = "Failed to pull image \"" + Image + "\": failed to pull and unpack image \"" + Image + "\": failed to copy: httpReadSeeker: failed open: unexpected status from GET request to https://" + EcrHost + "/v2/cats/manifests/v2: 403 Forbidden\ndenied: Your authorization token has expired. Reauthenticate and try again.";

    private OperatorHarness _h = null!;
    private HostileRegistry _ecr = null!;

    [SetUp]
    public async Task SetUp()
    {
        _h = await OperatorHarness.StartAsync();
        _ecr = HostileRegistry.Start();
        var unauthorized = HostileResponse.Text(401, "Not Authorized\n", "text/plain", ("WWW-Authenticate", EcrChallenge));
        _ecr.On("/v2/", r => r.Authorization is null ? unauthorized : HostileResponse.Json(200, "{}"));
        _ecr.On("/v2/cats/*", r => r.Authorization is null ? unauthorized : HostileResponse.RegistryError(403, "DENIED", "Your authorization token has expired. Reauthenticate and try again."));
    }

    [TearDown]
    public async Task TearDown()
    {
        RbacTests.AssertAllowed(_h.OperatorRequests());
        await _h.DisposeAsync();
        await _ecr.DisposeAsync();
    }

    [Test]
    public async Task NoSecret_NodeAuthenticatesByProvider_AnonymousProbeNeitherConfirmsNorOverrides()
    {
        var d = await DiagnoseAsync(NoCredentialsMessage);

        var commands = string.Join("\n", d.Remediation!.Select(r => r.Command).OfType<string>());
        Assert.Multiple(() =>
        {
            Assert.That((d.Cause, d.Confidence), Is.EqualTo(("AuthenticationRequired", "Likely")));
            Assert.That(d.Explanation, Does.Contain("The node's credentials could not be checked from the operator"));
            Assert.That(d.Explanation, Does.Contain("ecr-credential-provider").And.Contain("account 820537372947, region us-east-1"));
            Assert.That(commands, Does.Contain("aws iam attach-role-policy --role-name <node-instance-role> --policy-arn arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly"));
            Assert.That(commands, Does.Not.Contain("create secret"));
            Assert.That(_ecr.Requests.All(r => r.Authorization is null), "the probe had no credentials to send");
        });
    }

    [Test]
    public async Task HandMadeEcrSecret_Expired_ConfirmedWithTheRefreshForItsRegion()
    {
        _h.PutDockerConfigSecret("ecr-cred", EcrHost, "AWS", "eyJwYXlsb2FkIjoiZXhwaXJlZCJ9");

        var d = await DiagnoseAsync(ExpiredMessage, "ecr-cred");

        Assert.Multiple(() =>
        {
            Assert.That((d.Cause, d.Confidence), Is.EqualTo(("CredentialsExpired", "Confirmed")));
            Assert.That(d.Explanation, Does.Contain("12 hours"));
            Assert.That(d.Remediation![0].Command, Is.EqualTo("kubectl -n shop create secret docker-registry ecr-cred --docker-server=" + EcrHost + " --docker-username=AWS --docker-password=\"$(aws ecr get-login-password --region us-east-1)\" --dry-run=client -o yaml | kubectl apply -f -"));
            Assert.That(_ecr.Requests.Any(r => r.Authorization is not null), "the secret's token was sent to the recording");
        });
    }

    [Test]
    public async Task SecretKeyedWithoutTheRegion_IsPullSecretInvalidWithTheExactKey()
    {
        _h.PutDockerConfigSecret("ecr-cred", "820537372947.dkr.ecr.amazonaws.com", "AWS", "eyJwYXlsb2FkIjoiZXhwaXJlZCJ9");

        var d = await DiagnoseAsync(NoCredentialsMessage, "ecr-cred");

        Assert.Multiple(() =>
        {
            Assert.That(d.Cause, Is.EqualTo("PullSecretInvalid"));
            Assert.That(d.PullSecrets!.Single().State, Is.EqualTo("NoEntryForRegistry"));
            Assert.That(d.Explanation, Does.Contain("an ECR key must name the region: key it " + EcrHost));
        });
    }


    private async Task<PullDoctor.Operator.Crds.ContainerDiagnosis> DiagnoseAsync(string message, string? secret = null)
    {
        await _h.StartOperatorAsync(probe: new RecordingProbe(_ecr));
        var pod = Pods.Stuck(image: Image, reason: "ErrImagePull", message: message);
        pod.Spec.ImagePullSecrets = secret is null ? null : [new V1LocalObjectReference { Name = secret }];
        var stored = _h.PutPod(pod);
        _h.KubeletEvent(stored, "Failed", message);
        var diagnosis = await _h.WaitForDiagnosisAsync("web-1", d => d.Status?.Phase == "Failing", $"diagnosis of {Image}");
        TestContext.Out.WriteLine($"{diagnosis.Status!.Cause}: {diagnosis.Status.Summary}\n{diagnosis.Status.Containers!.Single().Explanation}");
        return diagnosis.Status.Containers!.Single();
    }

    /// <summary>
    /// The real probe, with every request for the ECR host sent to the loopback recording instead (same repository,
    /// tag and credentials); the result names the ECR host again, as if ECR had answered.
    /// </summary>
    private sealed class RecordingProbe(HostileRegistry recording) : IRegistryProbe
    {
        private readonly RegistryProbe _probe = new(new RegistryProbeOptions
        {
            NetworkPolicy = NetworkPolicy.CommandLine,
            ConnectTimeout = TimeSpan.FromSeconds(2),
            ResponseTimeout = TimeSpan.FromSeconds(3),
            ProbeTimeout = TimeSpan.FromSeconds(10),
            PlainHttpRegistries = { recording.Host },
        });

        public async Task<ProbeResult> ProbeAsync(ProbeRequest request, CancellationToken cancellationToken = default)
        {
            var local = ImageReference.Parse($"{recording.Host}/{request.Image.Path}:{request.Image.EffectiveTag}").Reference!;
            var result = await _probe.ProbeAsync(request with { Image = local }, cancellationToken);
            return result with { Reference = request.Image.Normalized, RegistryHost = request.Image.RegistryHost };
        }
    }
}
