using PullDoctor.Core.Classification;
using PullDoctor.Runtime.Tests.Capture;
using PullDoctor.Runtime.Tests.Kubelet;

namespace PullDoctor.Runtime.Tests.Tests;

/// <summary>
/// The operator's classifier on what real runtimes said, in every form the kubelet passes it on. A
/// failure here is a classifier gap for a real message: the assertion names message, expected and actual.
/// </summary>
[TestFixture]
public sealed class ClassifierOnRealMessagesTests
{
    [TestCaseSource(typeof(RuntimeCases), nameof(RuntimeCases.FailuresInEveryForm))]
    public async Task MessageClassifier_RealRuntimeMessage_GivesTheScenarioCause(string scenario, string runtime, MessageForm form)
    {
        var row = await CapturedRow.FailureAsync(scenario, runtime);
        var (text, reason) = KubeletWording.Render(row, form);
        var expected = ScenarioCatalog.Get(scenario).ExpectedFor(runtime);

        var classification = MessageClassifier.Classify(text, reason);

        Assert.That(classification.Cause, Is.EqualTo(expected), $"{runtime} / {scenario} / {form} (rule {classification.RuleId}), reason {reason ?? "none"}:\n{text}");
    }

    [TestCaseSource(typeof(RuntimeCases), nameof(RuntimeCases.Failures))]
    public async Task EvidenceClassifier_BeforeKubernetes132_FindsTheCauseInTheFailedEvent(string scenario, string runtime)
    {
        var row = await CapturedRow.FailureAsync(scenario, runtime);
        var evidence = KubeletWording.EvidenceBefore132(row, DateTimeOffset.UnixEpoch.AddDays(20000));
        var expected = ScenarioCatalog.Get(scenario).ExpectedFor(runtime);

        var classification = EvidenceClassifier.Classify(evidence);

        Assert.That(classification.Cause, Is.EqualTo(expected), $"{runtime} / {scenario} (rule {classification.RuleId}):\n{evidence.Events[0].Message}");
    }

    [TestCaseSource(typeof(RuntimeCases), nameof(RuntimeCases.Failures))]
    public async Task EvidenceClassifier_Since132WithEventsExpired_FindsTheCauseInTheWaitingMessage(string scenario, string runtime)
    {
        var row = await CapturedRow.FailureAsync(scenario, runtime);
        var evidence = KubeletWording.EvidenceSince132EventsExpired(row);
        var expected = ScenarioCatalog.Get(scenario).ExpectedFor(runtime);

        var classification = EvidenceClassifier.Classify(evidence);

        Assert.That(classification.Cause, Is.EqualTo(expected), $"{runtime} / {scenario} (rule {classification.RuleId}):\n{evidence.WaitingMessage}");
    }
}
