using PullDoctor.Core.Causes;
using PullDoctor.Core.Classification;
using PullDoctor.Core.Remediation;

namespace PullDoctor.Core.Tests.Remediation;

public class AdviceWriterTests
{
    private static readonly RemediationContext Shop = new()
    {
        Namespace = "shop",
        PodName = "web-7c9d-x2x",
        Workload = new WorkloadReference("Deployment", "web"),
        ContainerName = "web",
        ServiceAccountName = "web-sa",
    };

    [Test]
    public void Write_TagNotFoundWithSuggestion_ReadsLikeTheSpecExample()
    {
        var facts = new PullFacts { Image = "nginx:1.25.x" };

        var advice = AdviceWriter.Write(CauseCode.TagNotFound, facts, Shop with { SuggestedTags = ["1.25.3"] });

        // SPEC §1, the Event a user sees.
        Assert.That(advice.OneLine, Is.EqualTo(
            "nginx:1.25.x: tag \"1.25.x\" does not exist in docker.io/library/nginx. Did you mean 1.25.3? Fix: set the image of deployment/web (container web) to an existing tag: kubectl -n shop set image deployment/web web=nginx:1.25.3"));
    }

    [Test]
    public void Write_AuthenticationRequiredOnDockerHub_UsesDockerHubConfigKeyAndNamesTheWorkload()
    {
        var facts = new PullFacts { Image = "acme/api:2.1", HttpStatus = 401 };

        var advice = AdviceWriter.Write(CauseCode.AuthenticationRequired, facts, Shop);

        Assert.Multiple(() =>
        {
            Assert.That(advice.Steps[0].Command, Is.EqualTo("kubectl -n shop create secret docker-registry regcred --docker-server=https://index.docker.io/v1/ --docker-username=<username> --docker-password=<password> --dry-run=client -o yaml | kubectl apply -f -"), "create, or update when it exists");
            Assert.That(advice.Steps[1].Command, Is.EqualTo("kubectl -n shop patch deployment/web -p '{\"spec\":{\"template\":{\"spec\":{\"imagePullSecrets\":[{\"name\":\"regcred\"}]}}}}'"));
            Assert.That(advice.Steps[2].Command, Is.EqualTo("kubectl -n shop patch serviceaccount web-sa -p '{\"imagePullSecrets\":[{\"name\":\"regcred\"}]}'"));
        });
    }

    [Test]
    public void Write_PrivateRegistry_KeysTheSecretByItsHost()
    {
        var advice = AdviceWriter.Write(CauseCode.AuthenticationRequired, new PullFacts { Image = "ghcr.io/acme/api:2.1" }, Shop);

        Assert.That(advice.Steps[0].Command, Does.Contain("--docker-server=ghcr.io "));
    }

    [Test]
    public void Write_PullSecretMissing_NamesTheMissingSecret()
    {
        var context = Shop with { PullSecrets = [new PullSecretStatus("regcred-typo", PullSecretSource.Pod, PullSecretState.Missing)] };

        var advice = AdviceWriter.Write(CauseCode.PullSecretMissing, new PullFacts { Image = "acme/api:2.1" }, context);

        Assert.That(advice.Summary, Is.EqualTo("acme/api:2.1: imagePullSecret regcred-typo does not exist in namespace shop."));
        Assert.That(advice.Steps[0].Command, Does.Contain("create secret docker-registry regcred-typo"));
    }

    [Test]
    public void Write_PullSecretInvalid_SaysTheExactProblem()
    {
        var context = Shop with { PullSecrets = [new PullSecretStatus("hub", PullSecretSource.ServiceAccount, PullSecretState.NoEntryForRegistry, "keyed for https://index.docker.io/v1/, the image is on ghcr.io")] };

        var advice = AdviceWriter.Write(CauseCode.PullSecretInvalid, new PullFacts { Image = "ghcr.io/acme/api:1" }, context);

        Assert.That(advice.Summary, Does.Contain("keyed for https://index.docker.io/v1/, the image is on ghcr.io"));
    }

    [Test]
    public void Write_PlatformMismatch_ListsExistingPlatforms()
    {
        var context = Shop with { NodePlatform = "linux/amd64", AvailablePlatforms = ["linux/arm64"] };

        var advice = AdviceWriter.Write(CauseCode.PlatformMismatch, new PullFacts { Image = "team/app:1" }, context);

        Assert.That(advice.Summary, Is.EqualTo("team/app:1: no linux/amd64 image for the node. It exists for: linux/arm64."));
        Assert.That(advice.Steps[1].Command, Does.Contain("\"nodeSelector\":{\"kubernetes.io/arch\":\"arm64\"}"));
    }

    [Test]
    public void Write_RateLimited_SaysWhenItResets()
    {
        var advice = AdviceWriter.Write(CauseCode.RateLimited, new PullFacts { Image = "nginx" }, Shop with { RateLimitReset = "in 2h 13m" });

        Assert.That(advice.Summary, Does.EndWith("The limit resets in 2h 13m."));
    }

    [Test]
    public void Write_TlsError_SaysWhichCheckFailed()
    {
        var facts = new PullFacts { Image = "registry.corp.example/app:1", RegistryHost = "registry.corp.example", TlsProblem = "the certificate has expired or is not yet valid" };

        var advice = AdviceWriter.Write(CauseCode.TlsCertificateError, facts, Shop);

        Assert.That(advice.Summary, Does.Contain("expired"));
        Assert.That(advice.Steps[0].Text, Does.Contain("/etc/containerd/certs.d/registry.corp.example/hosts.toml"));
    }

    [Test]
    public void Write_InvalidReference_OffersTheCorrectedForm()
    {
        var advice = AdviceWriter.Write(CauseCode.InvalidImageReference, new PullFacts { Image = "Acme/API:1.0" }, Shop);

        Assert.That(advice.Steps[0].Command, Is.EqualTo("kubectl -n shop set image deployment/web web=acme/api:1.0"));
    }

    [Test]
    public void Write_SandboxImage_PointsAtTheNodeRuntimeNotTheWorkload()
    {
        var advice = AdviceWriter.Write(CauseCode.DnsResolutionFailed, new PullFacts { Image = "registry.k8s.io/pause:3.9", DnsName = "registry.k8s.io" }, Shop with { IsSandboxImage = true });

        Assert.That(advice.Steps[0].Text, Does.Contain("sandbox_image"));
        Assert.That(advice.Steps.Select(s => s.Command ?? string.Empty), Has.None.Contains(" set image "));
    }

    // Real wording: docker-archive-public/docker.kitematic (Docker's resolver, Go net: "lookup H on S: read udp A->S: i/o timeout").
    [Test]
    public void Write_DnsLookupThatTimedOut_NamesTheResolverNotATypo()
    {
        var classification = MessageClassifier.Classify("Error response from daemon: Get https://registry-1.docker.io/v2/: dial tcp: lookup registry-1.docker.io on 10.0.2.3:53: read udp 10.0.2.15:54567->10.0.2.3:53: i/o timeout");

        var advice = AdviceWriter.Write(classification.Cause, classification.Facts with { Image = "nginx:1.27" }, Shop with { NodeName = "worker-1" });

        Assert.Multiple(() =>
        {
            Assert.That(classification.Cause, Is.EqualTo(CauseCode.DnsResolutionFailed));
            Assert.That(classification.Facts.DnsLookupTimedOut, Is.True);
            Assert.That(advice.Summary, Is.EqualTo("nginx:1.27: the DNS lookup of registry-1.docker.io timed out."));
            Assert.That(advice.Explanation, Does.Contain("DNS server 10.0.2.3 did not answer").And.Not.Contain("misspelled"));
            Assert.That(advice.Steps[0].Command, Is.EqualTo("kubectl debug node/worker-1 -it --image=busybox:1.36 -- nslookup registry-1.docker.io 10.0.2.3"));
        });
    }

    [Test]
    public void Write_NameThatDoesNotExist_IsNotCalledATimeout()
    {
        var classification = MessageClassifier.Classify("failed to do request: Head \"https://registry.invalid/v2/app/manifests/1\": dial tcp: lookup registry.invalid on 10.96.0.10:53: no such host");

        Assert.Multiple(() =>
        {
            Assert.That(classification.Facts.DnsLookupTimedOut, Is.False);
            Assert.That(AdviceWriter.Write(classification.Cause, classification.Facts, Shop).Summary, Does.EndWith("does not resolve."));
        });
    }

    // Real wording (corpus rows; Go net/http "proxyconnect tcp: …"): the hop to the runtime's proxy failed.
    [TestCase("Error: unable to copy from source docker://php:latest: initializing source docker://php:latest: pinging container registry registry-1.docker.io: Get \"https://registry-1.docker.io/v2/\": proxyconnect tcp: dial tcp 127.0.0.1:10808: connect: connection refused",
        CauseCode.ConnectionRefused, "the pull goes through the HTTP proxy 127.0.0.1:10808, which refused the connection.")]
    [TestCase("rpc error: code = Unknown desc = error pinging docker registry registry-1.docker.io: Get \"https://registry-1.docker.io/v2/\": proxyconnect tcp: dial tcp: lookup http: Temporary failure in name resolution",
        CauseCode.DnsResolutionFailed, "the pull goes through the HTTP proxy http, which does not resolve.")]
    [TestCase("Error response from daemon: Get https://registry-1.docker.io/v2/: proxyconnect tcp: tls: first record does not look like a TLS handshake.",
        CauseCode.HttpProtocolMismatch, "the pull goes through the node's HTTP proxy, which was spoken to in TLS but answers plain HTTP (or the reverse).")]
    public void Write_FailureOnTheWayToTheProxy_BlamesTheProxyNotTheRegistry(string message, CauseCode cause, string summaryEnd)
    {
        var classification = MessageClassifier.Classify(message);

        var advice = AdviceWriter.Write(classification.Cause, classification.Facts with { Image = "php:latest" }, Shop);

        Assert.Multiple(() =>
        {
            Assert.That(classification.Cause, Is.EqualTo(cause));
            Assert.That(classification.Facts.ViaProxy, Is.True);
            Assert.That(advice.Summary, Is.EqualTo("php:latest: " + summaryEnd));
            Assert.That(advice.Explanation, Does.Contain("never reached"));
            Assert.That(advice.Steps[0].Command, Is.EqualTo("systemctl show --property=Environment containerd"));
        });
    }

    [Test]
    public void Write_ProxyUrlWithADoubledScheme_SaysTheUrlIsMalformed()
    {
        var classification = MessageClassifier.Classify("rpc error: code = Unknown desc = error pinging docker registry registry-1.docker.io: Get \"https://registry-1.docker.io/v2/\": proxyconnect tcp: dial tcp: lookup http: Temporary failure in name resolution");

        Assert.That(AdviceWriter.Write(classification.Cause, classification.Facts, Shop).Explanation, Does.Contain("the proxy URL itself is malformed"));
    }

    [Test]
    public void Write_UnknownContext_UsesPlaceholdersNotGuesses()
    {
        var advice = AdviceWriter.Write(CauseCode.AuthenticationRequired, new PullFacts { Image = "quay.io/team/app:1" }, RemediationContext.Empty);

        Assert.That(advice.Steps[0].Command, Does.StartWith("kubectl -n <namespace> create secret docker-registry regcred --docker-server=quay.io"));
    }

    [Test]
    public void Write_EveryCause_GivesASummaryAnExplanationAndAStep(
        [Values] CauseCode cause)
    {
        var advice = AdviceWriter.Write(cause, new PullFacts { Image = "nginx:1.25" }, Shop);

        Assert.Multiple(() =>
        {
            Assert.That(advice.Summary, Does.StartWith("nginx:1.25"));
            Assert.That(advice.Explanation, Is.Not.Empty);
            Assert.That(advice.Steps, Is.Not.Empty);
            Assert.That(advice.OneLine.Length, Is.LessThanOrEqualTo(Advice.EventNoteLimit));
        });
    }

    [Test]
    public void Write_RefusedAtAdmission_SaysNothingWasPulledAndNamesTheWebhook()
    {
        // Real kubectl output, sigstore policy-controller (corpus: messages.registries.jsonl).
        var classification = MessageClassifier.Classify(
            "Error from server (BadRequest): error when creating \"test.yaml\": admission webhook \"policy.sigstore.dev\" denied the request: validation failed: invalid value: mysql:latest must be an image digest: spec.template.spec.containers[0].image");

        var advice = AdviceWriter.Write(classification.Cause, classification.Facts, Shop);

        Assert.Multiple(() =>
        {
            Assert.That(classification.Facts.RejectedAtAdmission, Is.True);
            Assert.That(advice.Summary, Does.Contain("rejected at admission").And.Contain("nothing was pulled"));
            Assert.That(advice.Explanation, Does.Contain("the admission webhook policy.sigstore.dev"));
            Assert.That(advice.Steps.Select(step => step.Text), Has.None.Contains("policy.json"), "a node's policy file is not where an admission refusal comes from");
        });
    }

    [Test]
    public void Write_RefusedByTheNodesPolicy_PointsAtTheNode()
    {
        var classification = MessageClassifier.Classify("Source image rejected: A signature was required, but no signature exists");

        var advice = AdviceWriter.Write(classification.Cause, classification.Facts, Shop);

        Assert.That(classification.Facts.RejectedAtAdmission, Is.False);
        Assert.That(advice.Summary, Does.Contain("node's signature policy"));
    }
}
