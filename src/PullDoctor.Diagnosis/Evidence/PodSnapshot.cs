namespace PullDoctor.Diagnosis;

/// <summary>
/// The slim projection of a pod kept in memory: no managedFields, no full spec, only what a diagnosis
/// needs. Memory therefore grows with the number of stuck pods, not with the size of their specs.
/// </summary>
public sealed record PodSnapshot(
    string Uid,
    string Namespace,
    string Name,
    string? NodeName,
    string? ServiceAccountName,
    IReadOnlyList<string> ImagePullSecrets,
    IReadOnlyList<PodOwner> Owners,
    IReadOnlyList<ContainerSnapshot> Containers,
    string? ResourceVersion)
{
    /// <summary>True when any container (init, regular or ephemeral) waits on a failed pull.</summary>
    public bool IsStuck => Containers.Any(c => c.IsStuck);

    public IEnumerable<ContainerSnapshot> StuckContainers => Containers.Where(c => c.IsStuck);

    /// <summary>True once every container's image has been pulled: the pod has recovered.</summary>
    public bool AllImagesPulled => Containers.Count > 0 && Containers.All(c => c.ImagePulled);

    /// <summary>The controlling owner (the ReplicaSet of a Deployment's pod), if any.</summary>
    public PodOwner? Controller => Owners.FirstOrDefault(o => o.IsController) ?? (Owners.Count == 1 ? Owners[0] : null);

    /// <summary>
    /// Value equality over everything a diagnosis reads, lists included; the resourceVersion is left out so an
    /// update that changes nothing diagnosis reads is suppressed by the informer and costs no reconcile.
    /// </summary>
    public bool Equals(PodSnapshot? other) =>
        other is not null
        && Uid == other.Uid
        && Namespace == other.Namespace
        && Name == other.Name
        && NodeName == other.NodeName
        && ServiceAccountName == other.ServiceAccountName
        && ImagePullSecrets.SequenceEqual(other.ImagePullSecrets)
        && Owners.SequenceEqual(other.Owners)
        && Containers.SequenceEqual(other.Containers);

    public override int GetHashCode() => HashCode.Combine(Uid, Namespace, Name, Containers.Count);
}
