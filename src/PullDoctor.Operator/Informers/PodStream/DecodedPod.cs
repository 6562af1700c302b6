using PullDoctor.Diagnosis;
using PullDoctor.Operator.Diagnosis;
using PullDoctor.Operator.Queues;

namespace PullDoctor.Operator.Informers.PodStream;

/// <summary>
/// One pod as read from the wire: its key and resourceVersion, and its projection only when a container waits on a
/// failed pull (healthy pods, deletions and bookmarks are decided without building one).
/// </summary>
internal sealed class DecodedPod(ObjectKey key, string? resourceVersion, PodSnapshot? snapshot) : IInformerObject
{
    private string? _invalid;

    public ObjectKey Key { get; } = key;

    public string? ResourceVersion { get; } = resourceVersion;

    /// <summary>The projection <see cref="PodProjection.Project"/> makes of the same pod; null when the pod is not stuck.</summary>
    public PodSnapshot? Snapshot { get; } = snapshot;

    /// <summary>
    /// Informer filter: keep stuck pods only. A pod <see cref="PodProjection"/> cannot project (a null list item)
    /// throws here, so the informer counts a failed transform and skips it, as it does today.
    /// </summary>
    public static bool IsStuck(DecodedPod pod)
    {
        ArgumentNullException.ThrowIfNull(pod);
        if (pod._invalid is { } why)
            throw new InvalidOperationException($"pod {pod.Key} cannot be projected: {why}");
        return pod.Snapshot is not null;
    }

    /// <summary>Informer transform (after <see cref="IsStuck"/>).</summary>
    public static PodSnapshot Project(DecodedPod pod)
    {
        ArgumentNullException.ThrowIfNull(pod);
        return pod.Snapshot ?? throw new InvalidOperationException($"pod {pod.Key} is not stuck");
    }

    internal static DecodedPod Invalid(ObjectKey key, string? resourceVersion, string why) =>
        new(key, resourceVersion, null) { _invalid = why };
}
