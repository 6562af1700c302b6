using PullDoctor.Core.Causes;
using PullDoctor.Core.Classification;
using PullDoctor.Core.Registries;
using PullDoctor.Core.Remediation;
using PullDoctor.Registry.Probe;

namespace PullDoctor.Diagnosis.Tests;

/// <summary>
/// <see cref="DecisionRules.Decide"/> as a table over evidence: the decisions that used to be spread over the
/// classifier's secret rule, the confidence rules, the analyzer's node-credentials check and diagnose IMAGE's own
/// secret rule, now one function. Each row: what the messages say, what the registry answered, the pull secrets, the
/// registry → the verdict and whether a probe gap is left.
/// </summary>
public sealed class DecideTests
{
    private const string Ecr = "123456789012.dkr.ecr.us-east-1.amazonaws.com";
    private const string Private = "registry.example.test";

    public sealed record Row(
        string Name,
        CauseCode Message,
        CauseCode? Probe,
        PullSecretState[] Secrets,
        string Host,
        CauseCode Cause,
        Confidence Confidence,
        bool GapLeft)
    {
        public override string ToString() => Name;
    }

    private static readonly Row[] Rows =
    [
        new("401 and the registry asks: confirmed", CauseCode.AuthenticationRequired, CauseCode.AuthenticationRequired, [], Private, CauseCode.AuthenticationRequired, Confidence.Confirmed, false),
        new("missing secret read from the messages, registry asks: confirmed", CauseCode.PullSecretMissing, CauseCode.AuthenticationRequired, [PullSecretState.Missing], Private, CauseCode.PullSecretMissing, Confidence.Confirmed, false),
        new("message names nothing, registry asks, secret has no entry: the secret", CauseCode.Unknown, CauseCode.AuthenticationRequired, [PullSecretState.NoEntryForRegistry], Private, CauseCode.PullSecretInvalid, Confidence.Confirmed, false),
        new("message names nothing, registry asks, secret missing: the secret", CauseCode.Unknown, CauseCode.RepositoryNotFoundOrPrivate, [PullSecretState.Missing], Private, CauseCode.PullSecretMissing, Confidence.Confirmed, false),
        new("a found secret is no secret cause", CauseCode.Unknown, CauseCode.AuthenticationRequired, [PullSecretState.Found], Private, CauseCode.AuthenticationRequired, Confidence.Confirmed, false),
        new("registry answer about the image beats the message", CauseCode.ImageNotFound, CauseCode.TagNotFound, [], Private, CauseCode.TagNotFound, Confidence.Confirmed, false),
        new("ECR node identity: an anonymous 401 neither confirms nor overrides", CauseCode.AccessDenied, CauseCode.AuthenticationRequired, [], Ecr, CauseCode.AccessDenied, Confidence.Likely, true),
        new("ECR with a pull secret: the probe's answer counts", CauseCode.TagNotFound, CauseCode.TagNotFound, [PullSecretState.Found], Ecr, CauseCode.TagNotFound, Confidence.Confirmed, false),
        new("node's network path is kept, the gap stays", CauseCode.DnsResolutionFailed, CauseCode.ConnectionRefused, [], Private, CauseCode.DnsResolutionFailed, Confidence.Likely, true),
        new("same network failure seen by the probe: confirmed, no gap", CauseCode.NetworkTimeout, CauseCode.NetworkTimeout, [], Private, CauseCode.NetworkTimeout, Confidence.Confirmed, false),
        new("no probe answer: the message, the gap stays", CauseCode.TagNotFound, null, [], Private, CauseCode.TagNotFound, Confidence.Likely, true),
    ];

    [TestCaseSource(nameof(Rows))]
    public void Decide_Table(Row row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var probe = row.Probe is { } cause ? Answer(row.Host, cause) : null;
        var gap = probe is null ? new ProbeGap("the registry has not answered yet") : ProbeGaps.Of(probe, Names) ?? new ProbeGap("probe said something");

        var decision = DecisionRules.Decide(new DecisionInput
        {
            FromMessages = DecisionRules.RefineBySecrets(Classified(row.Message, row.Host), Secrets(row.Secrets)),
            Probe = probe,
            Gap = gap,
            PullSecrets = Secrets(row.Secrets),
            CredentialOffered = row.Secrets.Contains(PullSecretState.Found),
            Registry = RegistryCatalog.ByHost(row.Host),
        });

        Assert.Multiple(() =>
        {
            Assert.That(decision.Verdict.Cause, Is.EqualTo(row.Cause));
            Assert.That(decision.Verdict.Confidence, Is.EqualTo(row.Confidence));
            Assert.That(decision.Gap, row.GapLeft ? Is.Not.Null : Is.Null);
        });
    }

    [Test]
    public void Decide_NodeIdentityRegistry_GapSaysTheNodesCredentialsCouldNotBeChecked()
    {
        var decision = DecisionRules.Decide(new DecisionInput
        {
            FromMessages = Classified(CauseCode.AccessDenied, Ecr),
            Probe = Answer(Ecr, CauseCode.AuthenticationRequired),
            Registry = RegistryCatalog.ByHost(Ecr),
        });

        Assert.Multiple(() =>
        {
            Assert.That(decision.Gap?.Detail, Does.Contain("could not be checked from the operator"));
            Assert.That(decision.Verdict.Disagreement, Does.Contain("says nothing about what the node sent"));
        });
    }

    [Test]
    public void RefineBySecrets_AnUnknownSecretState_KeepsTheMessagesCause()
    {
        var refined = DecisionRules.RefineBySecrets(Classified(CauseCode.AuthenticationRequired, Private), [new EffectivePullSecret("regcred", PullSecretSource.Pod, null)]);

        Assert.That(refined.Cause, Is.EqualTo(CauseCode.AuthenticationRequired));
    }

    private static readonly ProbeSettingNames Names = new("PROBE=false", "PROBE_WAIT", "ALLOW_NETWORKS");

    private static EffectivePullSecret[] Secrets(PullSecretState[] states) =>
        [.. states.Select((s, i) => new EffectivePullSecret($"secret-{i}", PullSecretSource.Pod, s, s.ToString()))];

    private static Classification Classified(CauseCode cause, string host) =>
        new(cause, Confidence.Likely, new PullFacts { Image = $"{host}/team/app:1" }, "test", "message");

    private static ProbeResult Answer(string host, CauseCode cause) => new()
    {
        Verdict = ProbeVerdict.Problem,
        Cause = cause,
        Reference = $"{host}/team/app:1",
        RegistryHost = host,
        HttpStatus = cause.ToString().Contains("NotFound", StringComparison.Ordinal) ? 404 : 401,
        CheckedAt = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero),
        Detail = "the registry said so.",
    };
}
