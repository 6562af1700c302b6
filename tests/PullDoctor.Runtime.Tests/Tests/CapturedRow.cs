using PullDoctor.Runtime.Tests.Capture;

namespace PullDoctor.Runtime.Tests.Tests;

/// <summary>Looks up what a runtime said for a scenario in this run's capture.</summary>
internal static class CapturedRow
{
    public static async Task<CapturedMessage> FailureAsync(string scenario, string runtime)
    {
        var document = await RuntimeCaptureSession.GetAsync().ConfigureAwait(false);
        var row = document.Find(scenario, runtime);
        Assert.That(row, Is.Not.Null, $"{runtime} has no capture for {scenario}");
        Assert.That(row!.Succeeded, Is.False, $"{runtime} pulled {row.Image} although {scenario} should fail it");
        Assert.That(row.Message, Is.Not.Null.And.Not.Empty, $"{runtime} failed {scenario} without an error text");
        return row;
    }
}
