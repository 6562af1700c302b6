using PullDoctor.Core.Remediation;

namespace PullDoctor.Diagnosis;

/// <summary>The analysis of one pod: where it runs, who owns it, and a finding per stuck container.</summary>
/// <param name="Pod">The pod as projected.</param>
/// <param name="Workload">The top owner, or the pod itself when it has none.</param>
/// <param name="NodePlatform">The node's OS/architecture from its labels, e.g. <c>linux/amd64</c>.</param>
/// <param name="Findings">One per stuck container, in pod order (init, regular, ephemeral).</param>
/// <param name="LastFailureSeen">The newest failed-pull Event seen, when Events still exist.</param>
/// <param name="FirstFailureSeen">The first occurrence of the oldest failed-pull Event, when Events still exist.</param>
public sealed record PodAnalysis(
    PodSnapshot Pod,
    WorkloadReference? Workload,
    string? NodePlatform,
    IReadOnlyList<ContainerFinding> Findings,
    DateTimeOffset? LastFailureSeen,
    DateTimeOffset? FirstFailureSeen = null)
{
    /// <summary>The finding whose cause speaks for the pod: the first stuck container in pod order.</summary>
    public ContainerFinding? Primary => Findings.Count > 0 ? Findings[0] : null;
}
