using System.Diagnostics;
using k8s;
using PullDoctor.Demo.Scenario;
using PullDoctor.Operator.Crds;

namespace PullDoctor.Demo;

/// <summary>
/// Waits, at most <c>timeout</c>, until every staged pod has its ImagePullDiagnosis with the cause it was staged
/// for and PullDoctor's Event naming that cause. The wait is for the expected cause, not any cause, because a
/// diagnosis is first written from the messages (e.g. ImageNotFound) and sharpened when the registry's answer
/// arrives (TagNotFound), and the demo should print the settled state.
/// </summary>
internal static class DiagnosisWait
{
    /// <returns>The pods that had not settled when the time ran out, each with what it had; empty when all did.</returns>
    public static async Task<IReadOnlyList<string>> UntilDiagnosedAsync(IKubernetes client, string ns, IReadOnlyList<StagedPod> pods, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var diagnoses = await client.CustomObjects.ListNamespacedCustomObjectAsync<ImagePullDiagnosisList>(
                ImagePullDiagnosis.GroupName, ImagePullDiagnosis.Version, ns, ImagePullDiagnosis.Plural, cancellationToken: cancellationToken);
            var events = await client.CoreV1.ListNamespacedEventAsync(ns, cancellationToken: cancellationToken);
            var causes = diagnoses.Items.ToDictionary(d => d.Metadata.Name, d => d.Status?.Cause);
            var posted = events.Items
                .Where(e => e.ReportingComponent?.StartsWith("pulldoctor", StringComparison.Ordinal) == true)
                .Select(e => (e.InvolvedObject.Name, e.Reason))
                .ToHashSet();
            var waiting = pods
                .Where(p => causes.GetValueOrDefault(p.PodName) != p.ExpectedCause || !posted.Contains((p.PodName, p.ExpectedCause)))
                .Select(p => $"{p.PodName} (expected {p.ExpectedCause}, has {causes.GetValueOrDefault(p.PodName) ?? "no diagnosis"})")
                .ToArray();
            if (waiting.Length == 0 || clock.Elapsed >= timeout)
            {
                return waiting;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
        }
    }
}
