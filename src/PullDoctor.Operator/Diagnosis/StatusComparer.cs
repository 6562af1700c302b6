using PullDoctor.Diagnosis;
using k8s;
using PullDoctor.Operator.Crds;

namespace PullDoctor.Operator.Diagnosis;

/// <summary>
/// Whether a desired status differs from the current one, compared as the JSON the API server stores
/// (times normalized to whole seconds), so a status is written only when something a reader sees changed.
/// </summary>
internal static class StatusComparer
{
    public static bool Same(ImagePullDiagnosisStatus? desired, ImagePullDiagnosisStatus? current)
    {
        if (desired is null || current is null)
        {
            return desired is null && current is null;
        }

        return Canonical(desired) == Canonical(current);
    }

    private static string Canonical(ImagePullDiagnosisStatus status)
    {
        // Round-trip through JSON, then normalize every time, so "…05.000000Z" and "…05Z" compare equal.
        var copy = KubernetesJson.Deserialize<ImagePullDiagnosisStatus>(KubernetesJson.Serialize(status));
        copy.FirstFailureTime = StatusTime.Of(copy.FirstFailureTime);
        copy.LastFailureTime = StatusTime.Of(copy.LastFailureTime);
        copy.ResolvedTime = StatusTime.Of(copy.ResolvedTime);
        if (copy.Workload is { } workload)
        {
            workload.StuckSince = StatusTime.Of(workload.StuckSince);
        }

        foreach (var condition in copy.Conditions ?? [])
        {
            condition.LastTransitionTime = StatusTime.Of(condition.LastTransitionTime);
        }

        foreach (var container in copy.Containers ?? [])
        {
            if (container.Evidence?.Probe is { } probe)
            {
                probe.CheckedAt = StatusTime.Of(probe.CheckedAt);
            }

            // An empty list and no list read the same to a person and to kubectl.
            if (container.Suggestions is { Count: 0 })
            {
                container.Suggestions = null;
            }

            if (container.PullSecrets is { Count: 0 })
            {
                container.PullSecrets = null;
            }

            if (container.Remediation is { Count: 0 })
            {
                container.Remediation = null;
            }
        }

        return KubernetesJson.Serialize(copy);
    }
}
