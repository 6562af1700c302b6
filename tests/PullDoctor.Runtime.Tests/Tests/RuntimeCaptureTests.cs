using PullDoctor.Runtime.Tests.Capture;

namespace PullDoctor.Runtime.Tests.Tests;

/// <summary>The runtimes really ran: control pulls succeed, every failure scenario fails with a text.</summary>
[TestFixture]
public sealed class RuntimeCaptureTests
{
    [TestCaseSource(typeof(RuntimeCases), nameof(RuntimeCases.Controls))]
    public async Task ControlPull_WithTheNodeConfiguration_Succeeds(string scenario, string runtime)
    {
        var document = await RuntimeCaptureSession.GetAsync();
        var row = document.Find(scenario, runtime);
        Assert.That(row, Is.Not.Null, $"{runtime} has no capture for {scenario}");
        Assert.That(row!.Succeeded, Is.True, $"{runtime} could not pull {row.Image}: {row.Message}");
    }

    [TestCaseSource(typeof(RuntimeCases), nameof(RuntimeCases.Failures))]
    public async Task FailureScenario_FailsThePullWithAnErrorText(string scenario, string runtime)
    {
        var row = await CapturedRow.FailureAsync(scenario, runtime);
        TestContext.Out.WriteLine($"{runtime} {scenario} ({row.Seconds:0.0} s): {row.Code} {row.Message}");
    }

    [TestCaseSource(typeof(RuntimeCases), nameof(RuntimeCases.NotStaged))]
    public async Task ScenarioARuntimeCannotStage_IsNotCapturedAndSaysWhy(string scenario, string runtime, string reason)
    {
        var document = await RuntimeCaptureSession.GetAsync();
        Assert.That(document.Find(scenario, runtime), Is.Null);
        Assert.That(reason, Is.Not.Empty);
    }

    [Test]
    public async Task Capture_RecordsTheRuntimeVersions()
    {
        var document = await RuntimeCaptureSession.GetAsync();
        Assert.That(document.Versions.Keys, Is.SupersetOf(new[] { "containerd", "skopeo", "registry" }));
        Assert.That(document.Versions["containerd"], Does.StartWith("containerd "));
        Assert.That(document.Versions["skopeo"], Does.StartWith("skopeo version "));
    }

    [Test]
    public async Task Capture_TakesLessThanItsBudget()
    {
        var document = await RuntimeCaptureSession.GetAsync();
        var slowest = document.Messages.MaxBy(m => m.Seconds)!;
        TestContext.Out.WriteLine($"runner {RuntimeCaptureSession.Duration.TotalSeconds:0.0} s; slowest pull {slowest.Runtime} {slowest.Scenario} {slowest.Seconds:0.0} s");

        // The whole runtime suite must stay under 5 minutes; the runner is nearly all of it.
        Assert.That(RuntimeCaptureSession.Duration, Is.LessThan(TimeSpan.FromMinutes(3)));
    }
}
