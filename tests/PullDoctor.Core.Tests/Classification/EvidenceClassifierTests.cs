using PullDoctor.Core.Causes;
using PullDoctor.Core.Classification;

namespace PullDoctor.Core.Tests.Classification;

public class EvidenceClassifierTests
{
    private const string HubDenied = "Failed to pull image \"acme/api:2.1\": failed to pull and unpack image \"docker.io/acme/api:2.1\": failed to resolve reference \"docker.io/acme/api:2.1\": pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed";
    private const string NotFound = "Failed to pull image \"nginx:1.25.x\": rpc error: code = NotFound desc = failed to pull and unpack image \"docker.io/library/nginx:1.25.x\": failed to resolve reference \"docker.io/library/nginx:1.25.x\": docker.io/library/nginx:1.25.x: not found";
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 2, 0, 0, TimeSpan.Zero);

    [Test]
    public void Classify_OldKubeletBackOffOnly_TakesTheCauseFromTheFailedEvent()
    {
        // Before Kubernetes 1.32 the waiting message is only "Back-off pulling image" (pull-error-wording.md).
        var evidence = new PullEvidence
        {
            Image = "nginx:1.25.x",
            WaitingReason = "ImagePullBackOff",
            WaitingMessage = "Back-off pulling image \"nginx:1.25.x\"",
            Events = [new("BackOff", "Back-off pulling image \"nginx:1.25.x\"", T0.AddMinutes(2)), new("Failed", NotFound, T0), new("Failed", "Error: ImagePullBackOff", T0.AddMinutes(2))],
        };

        var result = EvidenceClassifier.Classify(evidence);

        Assert.That(result.Cause, Is.EqualTo(CauseCode.ImageNotFound));
        Assert.That(result.Message, Is.EqualTo(NotFound));
    }

    [Test]
    public void Classify_MissingSecretAndAnonymousDenial_ReadsTheDenial_TheSecretIsDecidedWithThePodsEvidence()
    {
        var evidence = new PullEvidence
        {
            Image = "acme/api:2.1",
            WaitingReason = "ErrImagePull",
            WaitingMessage = HubDenied,
            Events = [new("FailedToRetrieveImagePullSecret", "Unable to retrieve some image pull secrets (regcred); attempting to pull the image may not succeed.", T0)],
        };

        var result = EvidenceClassifier.Classify(evidence);

        // The reading names the denial; DecisionRules (PullDoctor.Diagnosis.Tests, PipelineTests) makes it PullSecretMissing.
        Assert.That(result.Cause, Is.EqualTo(CauseCode.RepositoryNotFoundOrPrivate));
    }

    [Test]
    public void Classify_MissingSecretButTagMissing_KeepsTheTagProblem()
    {
        var evidence = new PullEvidence
        {
            Image = "nginx:1.25.x",
            WaitingMessage = NotFound,
            Events = [new("FailedToRetrieveImagePullSecret", "Unable to retrieve some image pull secrets (regcred); attempting to pull the image may not succeed.", T0)],
        };

        Assert.That(EvidenceClassifier.Classify(evidence).Cause, Is.EqualTo(CauseCode.ImageNotFound));
    }

    [Test]
    public void Classify_EventsOfAnotherContainersImage_AreIgnored()
    {
        var evidence = new PullEvidence
        {
            Image = "busybox:1.36",
            WaitingReason = "ImagePullBackOff",
            WaitingMessage = "Back-off pulling image \"busybox:1.36\"",
            Events = [new("Failed", NotFound, T0)],
        };

        Assert.That(EvidenceClassifier.Classify(evidence).Cause, Is.EqualTo(CauseCode.Unknown));
    }

    [Test]
    public void Classify_NeverPullReasonWithoutMessage_IsNeverPullPolicy()
    {
        var evidence = new PullEvidence { Image = "app:dev", WaitingReason = "ErrImageNeverPull" };

        Assert.That(EvidenceClassifier.Classify(evidence).Cause, Is.EqualTo(CauseCode.NeverPullPolicy));
    }

    [Test]
    public void Classify_NewerKubeletWaitingMessage_WinsOverAnOlderEvent()
    {
        var evidence = new PullEvidence
        {
            Image = "acme/api:2.1",
            WaitingMessage = "Back-off pulling image \"acme/api:2.1\": ErrImagePull: failed to pull and unpack image \"docker.io/acme/api:2.1\": failed to resolve reference \"docker.io/acme/api:2.1\": unexpected status from HEAD request to https://registry-1.docker.io/v2/acme/api/manifests/2.1: 429 Too Many Requests",
            Events = [new("Failed", HubDenied, T0)],
        };

        Assert.That(EvidenceClassifier.Classify(evidence).Cause, Is.EqualTo(CauseCode.RateLimited));
    }
}
