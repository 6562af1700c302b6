using PullDoctor.Runtime.Tests.Capture;

namespace PullDoctor.Runtime.Tests.Tests;

/// <summary>The real <c>pulldoctor explain</c> executable on what real runtimes said.</summary>
[TestFixture]
public sealed class ExplainOnRealMessagesTests
{
    [TestCaseSource(typeof(RuntimeCases), nameof(RuntimeCases.Failures))]
    public async Task Explain_FailedEventLine_GivesTheScenarioCause(string scenario, string runtime)
    {
        var row = await CapturedRow.FailureAsync(scenario, runtime);
        var expected = ScenarioCatalog.Get(scenario).ExpectedFor(runtime).ToString();

        var cause = await ExplainBatch.LineCauseAsync(scenario, runtime);

        Assert.That(cause, Is.EqualTo(expected), $"pulldoctor explain, {runtime} / {scenario}:\n{ExplainBatch.Line(row)}");
    }

    [TestCaseSource(typeof(RuntimeCases), nameof(RuntimeCases.Failures))]
    public async Task Explain_PodJsonWithTheBackOffMessage_GivesTheScenarioCause(string scenario, string runtime)
    {
        var row = await CapturedRow.FailureAsync(scenario, runtime);
        var expected = ScenarioCatalog.Get(scenario).ExpectedFor(runtime).ToString();

        var cause = await ExplainBatch.PodCauseAsync(scenario, runtime);

        Assert.That(cause, Is.EqualTo(expected), $"pulldoctor explain (pod JSON), {runtime} / {scenario}:\n{Kubelet.KubeletWording.BackOffSince132(row)}");
    }
}
