using PullDoctor.Core.Causes;
using PullDoctor.Diagnosis;
using PullDoctor.Operator.Crds;
using PullDoctor.Operator.Diagnosis;
using PullDoctor.Operator.Hosting;
using PullDoctor.Operator.Reconciliation;
using PullDoctor.Registry.Probe;

namespace PullDoctor.Operator.Tests.Reconciliation;

public sealed class EventNotesTests
{
    [Test]
    public void Failing_Confirmed_SummaryThenConfidenceThenTheFix_TheCommandEndsTheNote()
    {
        var note = EventNotes.Failing(Container("Confirmed", "registry.example:5000"), "img:1.x: tag \"1.x\" does not exist.", probeGap: null);

        Assert.That(note, Is.EqualTo("img:1.x: tag \"1.x\" does not exist. Confirmed by the registry registry.example:5000. Fix: set the image to an existing tag: kubectl -n shop set image deployment/web web=img:1.2"));
    }

    [Test]
    public void Failing_TooLong_ShortensTheSummaryNeverTheCommand()
    {
        var note = EventNotes.Failing(Container("Confirmed", "registry.example:5000"), new string('x', 3000) + ".", probeGap: null);

        Assert.Multiple(() =>
        {
            Assert.That(note, Has.Length.LessThanOrEqualTo(Core.Remediation.Advice.EventNoteLimit));
            Assert.That(note, Does.EndWith("Fix: set the image to an existing tag: kubectl -n shop set image deployment/web web=img:1.2"));
            Assert.That(note, Does.Contain("x… Confirmed by the registry"));
        });
    }

    [Test]
    public void Failing_LikelyBecauseLoopbackIsDenied_NamesTheReasonAndTheSetting_NeverNull()
    {
        var probe = new ProbeResult
        {
            Verdict = ProbeVerdict.Inconclusive,
            Reference = "127.0.0.1:5000/team/app:1.0",
            RegistryHost = "127.0.0.1:5000",
            CheckedAt = DateTimeOffset.UnixEpoch,
            Detail = "127.0.0.1 is a loopback address (the operator's loopback is not the node's).",
            RefusedByPolicy = true,
        };

        var note = EventNotes.Failing(Container("Likely", host: null), "summary.", ProbeGaps.Of(probe, OperatorOptionsReader.ProbeSettings)?.Detail);

        Assert.Multiple(() =>
        {
            Assert.That(note, Does.StartWith("summary. Likely"));
            Assert.That(note, Does.Contain("Likely, from the kubelet's message (not probed: 127.0.0.1 is a loopback address (the operator's loopback is not the node's); to let PullDoctor probe it, add its network to PULLDOCTOR_ALLOW_NETWORKS)"));
            Assert.That(note, Does.Not.Contain("null").And.Not.Contain("Inconclusive").And.Not.Contain("`"));
        });
    }

    [Test]
    public void ProbeGaps_NameOnlyKnownSettings()
    {
        var known = OperatorOptionsReader.Read(new Dictionary<string, string>
        {
            [OperatorOptionsReader.AllowNetworksVariable[OperatorOptionsReader.EnvironmentPrefix.Length..]] = "10.0.0.0/8",
            [OperatorOptionsReader.ProbeVariable[OperatorOptionsReader.EnvironmentPrefix.Length..]] = "true",
            [OperatorOptionsReader.ProbeWaitVariable[OperatorOptionsReader.EnvironmentPrefix.Length..]] = "5s",
        });

        Assert.Multiple(() =>
        {
            Assert.That(known.AllowNetworks, Has.Count.EqualTo(1));
            Assert.That(ProbeGaps.Off(OperatorOptionsReader.ProbeSettings).Detail, Does.Contain("PULLDOCTOR_PROBE=false"));
            Assert.That(ProbeGaps.NotYet(TimeSpan.FromSeconds(5), OperatorOptionsReader.ProbeSettings).Detail, Does.Contain("5s (PULLDOCTOR_PROBE_WAIT)"));
        });
    }

    [Test]
    public void ProbeGaps_AnAnswerAboutTheImage_IsNoGap_TheOperatorsPathFailing_Is()
    {
        ProbeResult Problem(CauseCode cause) => new()
        {
            Verdict = ProbeVerdict.Problem,
            Cause = cause,
            Reference = "r",
            RegistryHost = "h:5000",
            CheckedAt = DateTimeOffset.UnixEpoch,
            Detail = "d.",
        };

        Assert.Multiple(() =>
        {
            Assert.That(ProbeGaps.Of(Problem(CauseCode.TagNotFound), OperatorOptionsReader.ProbeSettings), Is.Null);
            Assert.That(ProbeGaps.Of(Problem(CauseCode.ConnectionRefused), OperatorOptionsReader.ProbeSettings)?.Detail, Is.EqualTo("the probe got no answer about the image from h:5000 (ConnectionRefused: d)"));
        });
    }

    private static ContainerDiagnosis Container(string confidence, string? host) => new()
    {
        Name = "web",
        Cause = "TagNotFound",
        Confidence = confidence,
        Remediation = [new RemediationStepStatus { Text = "Set the image to an existing tag:", Command = "kubectl -n shop set image deployment/web web=img:1.2" }],
        Evidence = host is null ? null : new ContainerEvidence { Probe = new ProbeEvidence { Outcome = "TagNotFound", RegistryHost = host } },
    };
}
