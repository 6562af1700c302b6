using PullDoctor.Runtime.Tests.Capture;
using PullDoctor.Runtime.Tests.Kubelet;

namespace PullDoctor.Runtime.Tests.Tests;

/// <summary>Test case sources: scenario × runtime (× kubelet form), named so a failure reads as a sentence.</summary>
public static class RuntimeCases
{
    public static IEnumerable<TestCaseData> Failures() =>
        from scenario in ScenarioCatalog.All
        where !scenario.IsControl
        from runtime in RuntimeNames.All
        where scenario.IsStagedBy(runtime)
        select new TestCaseData(scenario.Id, runtime).SetArgDisplayNames(scenario.Id, runtime);

    public static IEnumerable<TestCaseData> Controls() =>
        from scenario in ScenarioCatalog.All
        where scenario.IsControl
        from runtime in RuntimeNames.All
        select new TestCaseData(scenario.Id, runtime).SetArgDisplayNames(scenario.Id, runtime);

    public static IEnumerable<TestCaseData> FailuresInEveryForm() =>
        from scenario in ScenarioCatalog.All
        where !scenario.IsControl
        from runtime in RuntimeNames.All
        where scenario.IsStagedBy(runtime)
        from form in Enum.GetValues<MessageForm>()
        select new TestCaseData(scenario.Id, runtime, form).SetArgDisplayNames(scenario.Id, runtime, form.ToString());

    /// <summary>Only the scenarios a runtime cannot stage, with the reason (for the report).</summary>
    public static IEnumerable<TestCaseData> NotStaged() =>
        from scenario in ScenarioCatalog.All
        where scenario.NotStagedBy is not null
        from entry in scenario.NotStagedBy!
        select new TestCaseData(scenario.Id, entry.Key, entry.Value).SetArgDisplayNames(scenario.Id, entry.Key);
}
