using PullDoctor.Core.Causes;
using PullDoctor.Core.Classification;
using PullDoctor.Diagnosis;
using PullDoctor.Registry.Probe;

namespace PullDoctor.Diagnosis.Tests;

/// <summary>SPEC §3 confidence rules, as a table: (messages say, probe observed) → (cause, confidence, disagreement noted).</summary>
public sealed class DecisionRulesTests
{
    private const string Pullable = "Pullable";
    private const string None = "None";
    private const string Inconclusive = "Inconclusive";

    [TestCase(CauseCode.TagNotFound, None, CauseCode.TagNotFound, Confidence.Likely, false, TestName = "No probe: the message's cause, Likely")]
    [TestCase(CauseCode.TagNotFound, Inconclusive, CauseCode.TagNotFound, Confidence.Likely, false, TestName = "Inconclusive probe: Likely")]
    [TestCase(CauseCode.TagNotFound, "TagNotFound", CauseCode.TagNotFound, Confidence.Confirmed, false, TestName = "Probe agrees: Confirmed")]
    [TestCase(CauseCode.ImageNotFound, "TagNotFound", CauseCode.TagNotFound, Confidence.Confirmed, false, TestName = "Ambiguous not found refined by the registry: tag")]
    [TestCase(CauseCode.ImageNotFound, "RepositoryNotFound", CauseCode.RepositoryNotFound, Confidence.Confirmed, false, TestName = "Ambiguous not found refined by the registry: repository")]
    [TestCase(CauseCode.RepositoryNotFoundOrPrivate, "AuthenticationRequired", CauseCode.AuthenticationRequired, Confidence.Confirmed, false, TestName = "Missing-or-private settled: private")]
    [TestCase(CauseCode.Unknown, "RateLimited", CauseCode.RateLimited, Confidence.Confirmed, false, TestName = "Unknown message: the probe's observation")]
    [TestCase(CauseCode.TagNotFound, "AccessDenied", CauseCode.AccessDenied, Confidence.Confirmed, true, TestName = "Registry answer about the image wins, disagreement recorded")]
    [TestCase(CauseCode.TagNotFound, Pullable, CauseCode.TagNotFound, Confidence.Likely, true, TestName = "Pullable now: message kept, disagreement recorded")]
    [TestCase(CauseCode.DnsResolutionFailed, "TagNotFound", CauseCode.DnsResolutionFailed, Confidence.Likely, true, TestName = "Node network path is never overruled")]
    [TestCase(CauseCode.TagNotFound, "ConnectionRefused", CauseCode.TagNotFound, Confidence.Likely, true, TestName = "Probe network failure never overrules a registry answer")]
    [TestCase(CauseCode.NetworkTimeout, "NetworkTimeout", CauseCode.NetworkTimeout, Confidence.Confirmed, false, TestName = "Same network failure: Confirmed")]
    [TestCase(CauseCode.DiskPressure, "TagNotFound", CauseCode.DiskPressure, Confidence.Likely, false, TestName = "Node-only cause: the probe has no say")]
    [TestCase(CauseCode.PullSecretMissing, "AuthenticationRequired", CauseCode.PullSecretMissing, Confidence.Confirmed, false, TestName = "Missing secret confirmed by a registry asking for credentials")]
    [TestCase(CauseCode.PullSecretInvalid, "RepositoryNotFoundOrPrivate", CauseCode.PullSecretInvalid, Confidence.Confirmed, false, TestName = "Unusable secret confirmed by an ambiguous denial")]
    [TestCase(CauseCode.PullSecretMissing, Pullable, CauseCode.PullSecretMissing, Confidence.Likely, true, TestName = "Missing secret but image public: noted")]
    public void Combine_Table(CauseCode message, string probe, CauseCode cause, Confidence confidence, bool disagreement)
    {
        var verdict = DecisionRules.Combine(Classified(message), Probe(probe));

        Assert.Multiple(() =>
        {
            Assert.That(verdict.Cause, Is.EqualTo(cause));
            Assert.That(verdict.Confidence, Is.EqualTo(confidence));
            Assert.That(verdict.Disagreement, disagreement ? Is.Not.Null : Is.Null);
        });
    }

    [Test]
    public void Combine_AnonymousProbeWhileSecretsUnread_DoesNotOverruleTheKubelet()
    {
        var verdict = DecisionRules.Combine(Classified(CauseCode.TagNotFound), Probe("AuthenticationRequired"), credentialsHidden: true);

        Assert.Multiple(() =>
        {
            Assert.That(verdict.Cause, Is.EqualTo(CauseCode.TagNotFound));
            Assert.That(verdict.Confidence, Is.EqualTo(Confidence.Likely));
            Assert.That(verdict.Disagreement, Does.Contain("anonymous"));
        });
    }

    [Test]
    public void Combine_ProbeWins_TakesItsHttpStatusAndHost()
    {
        var verdict = DecisionRules.Combine(Classified(CauseCode.ImageNotFound), Probe("TagNotFound"));

        Assert.Multiple(() =>
        {
            Assert.That(verdict.Facts.HttpStatus, Is.EqualTo(404));
            Assert.That(verdict.Facts.RegistryHost, Is.EqualTo("registry.example.com"));
        });
    }

    [TestCase(CauseCode.NeverPullPolicy, false)]
    [TestCase(CauseCode.InvalidImageReference, false)]
    [TestCase(CauseCode.TagNotFound, true)]
    [TestCase(CauseCode.Unknown, true)]
    public void ProbeHelps_SkipsNodeOnlyCauses(CauseCode cause, bool helps) =>
        Assert.That(DecisionRules.ProbeHelps(cause), Is.EqualTo(helps));

    private static Classification Classified(CauseCode cause) =>
        new(cause, Confidence.Likely, new PullFacts { Image = "registry.example.com/app:1" }, "test", "message");

    private static ProbeResult? Probe(string outcome) => outcome switch
    {
        None => null,
        Inconclusive => Result(ProbeVerdict.Inconclusive, null, null),
        Pullable => Result(ProbeVerdict.Pullable, null, 200),
        _ => Result(ProbeVerdict.Problem, Enum.Parse<CauseCode>(outcome), outcome.Contains("NotFound", StringComparison.Ordinal) ? 404 : 401),
    };

    private static ProbeResult Result(ProbeVerdict verdict, CauseCode? cause, int? status) => new()
    {
        Verdict = verdict,
        Cause = cause,
        Reference = "registry.example.com/app:1",
        RegistryHost = "registry.example.com",
        HttpStatus = status,
        CheckedAt = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero),
        Detail = "the registry said so.",
    };
}
