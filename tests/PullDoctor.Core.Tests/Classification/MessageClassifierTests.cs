using CsCheck;
using PullDoctor.Core.Causes;
using PullDoctor.Core.Classification;

namespace PullDoctor.Core.Tests.Classification;

public class MessageClassifierTests
{
    [Test]
    public void Classify_ImageNameContainingRuleWords_DoesNotSteerTheRules()
    {
        // "forbidden-api:404" is user data; the error is a DNS failure.
        const string message = "Failed to pull image \"registry.corp.invalid/forbidden-api:404\": failed to pull and unpack image \"registry.corp.invalid/forbidden-api:404\": failed to resolve reference \"registry.corp.invalid/forbidden-api:404\": failed to do request: Head \"https://registry.corp.invalid/v2/forbidden-api/manifests/404\": dial tcp: lookup registry.corp.invalid: no such host";

        var result = MessageClassifier.Classify(message);

        Assert.That(result.Cause, Is.EqualTo(CauseCode.DnsResolutionFailed));
        Assert.That(result.Facts.DnsName, Is.EqualTo("registry.corp.invalid"));
    }

    [Test]
    public void Classify_RpcWrapper_IsStrippedFromTheRuntimeError()
    {
        var result = MessageClassifier.Classify("Failed to pull image \"nginx:1.25.x\": rpc error: code = Unknown desc = Error response from daemon: manifest for nginx:1.25.x not found: manifest unknown: manifest unknown");

        Assert.That(result.Facts.RuntimeError, Is.EqualTo("Error response from daemon: manifest for nginx:1.25.x not found: manifest unknown: manifest unknown"));
        Assert.That(result.Facts.Image, Is.EqualTo("nginx:1.25.x"));
    }

    [Test]
    public void Classify_SandboxPull_IsMarkedAsSandbox()
    {
        var result = MessageClassifier.Classify("Failed to create pod sandbox: rpc error: code = Unknown desc = failed to get sandbox image \"registry.k8s.io/pause:3.9\": failed to pull image \"registry.k8s.io/pause:3.9\": failed to pull and unpack image \"registry.k8s.io/pause:3.9\": failed to resolve reference \"registry.k8s.io/pause:3.9\": failed to do request: Head \"https://registry.k8s.io/v2/pause/manifests/3.9\": dial tcp 34.96.108.209:443: i/o timeout", "FailedCreatePodSandBox");

        Assert.Multiple(() =>
        {
            Assert.That(result.Cause, Is.EqualTo(CauseCode.NetworkTimeout));
            Assert.That(result.Facts.IsSandboxImage, Is.True);
            Assert.That(result.Facts.Image, Is.EqualTo("registry.k8s.io/pause:3.9"));
        });
    }

    [Test]
    public void Classify_AnyString_NeverThrowsAndIsDeterministic() =>
        Gen.String.Sample(text =>
        {
            var first = MessageClassifier.Classify(text);
            var second = MessageClassifier.Classify(text);
            return first.Cause == second.Cause && first.RuleId == second.RuleId;
        }, iter: 5_000);

    [Test]
    public void FailureRules_HaveOneLinePerFailure() =>
        Assert.That(FailureRules.All.Select(r => r.Value), Is.Unique);

    [Test]
    public void EveryFailure_HasACauseWhereverItHappens() =>
        Assert.That(Enum.GetValues<Failure>().Where(f => f != Failure.None && CauseTable.Default(f) == CauseCode.Unknown), Is.Empty);

    [Test]
    public void Keywords_AreLowerCase_SoNoPlaceholderOrValueCanMatchOne() =>
        Assert.That(FailureRules.Table.Keywords.Concat(StageRules.Table.Keywords)
            .Where(k => System.Text.RegularExpressions.Regex.Replace(k, "\u2039[A-Z]\u203a", string.Empty).Any(char.IsUpper)), Is.Empty);

    // Real wording: a Docker daemon addressing a registry by IP (corpus row, Go crypto/x509 HostnameError).
    [Test]
    public void Classify_CertificateWithoutIpSans_SaysTheRegistryWasAddressedByIp()
    {
        var classification = MessageClassifier.Classify("Error response from daemon: Get \"https://139.9.162.134:30043/v2/\": x509: cannot validate certificate for 139.9.162.134 because it doesn't contain any IP SANs");

        Assert.Multiple(() =>
        {
            Assert.That(classification.Cause, Is.EqualTo(Causes.CauseCode.TlsCertificateError));
            Assert.That(classification.Facts.TlsProblem, Is.EqualTo("the registry was addressed by IP address 139.9.162.134 and its certificate has no IP entries (IP SANs)"));
        });
    }
}
