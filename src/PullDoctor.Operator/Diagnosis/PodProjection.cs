using PullDoctor.Diagnosis;
using k8s.Models;
using PullDoctor.Core.Classification;
using PullDoctor.Operator.Crds;

namespace PullDoctor.Operator.Diagnosis;

/// <summary>Projects a full pod onto a <see cref="PodSnapshot"/>, and tells stuck pods from the rest cheaply.</summary>
public static class PodProjection
{
    /// <summary>Waiting messages longer than this are cut in memory; the status keeps less still.</summary>
    public const int MaxMessageLength = 4096;

    /// <summary>True when any container status of the pod waits on a failed pull. Allocates nothing.</summary>
    public static bool IsStuck(V1Pod pod)
    {
        ArgumentNullException.ThrowIfNull(pod);
        var status = pod.Status;
        return status is not null
            && (AnyStuck(status.InitContainerStatuses) || AnyStuck(status.ContainerStatuses) || AnyStuck(status.EphemeralContainerStatuses));
    }

    public static PodSnapshot Project(V1Pod pod)
    {
        ArgumentNullException.ThrowIfNull(pod);
        var spec = pod.Spec;
        var status = pod.Status;
        var containers = new List<ContainerSnapshot>();
        foreach (var c in spec?.InitContainers ?? [])
        {
            containers.Add(Container(c.Name, ContainerTypes.InitContainer, c.Image, c.ImagePullPolicy, status?.InitContainerStatuses));
        }

        foreach (var c in spec?.Containers ?? [])
        {
            containers.Add(Container(c.Name, ContainerTypes.Container, c.Image, c.ImagePullPolicy, status?.ContainerStatuses));
        }

        foreach (var c in spec?.EphemeralContainers ?? [])
        {
            // An ephemeral container without a status has not been started yet; it does not hold the pod back.
            if (Find(status?.EphemeralContainerStatuses, c.Name) is not null)
            {
                containers.Add(Container(c.Name, ContainerTypes.EphemeralContainer, c.Image, c.ImagePullPolicy, status?.EphemeralContainerStatuses));
            }
        }

        var owners = (pod.Metadata?.OwnerReferences ?? [])
            .Select(o => new PodOwner(o.ApiVersion, o.Kind, o.Name, o.Uid, o.Controller == true))
            .ToArray();
        var secrets = (spec?.ImagePullSecrets ?? [])
            .Select(s => s.Name)
            .Where(n => !string.IsNullOrEmpty(n))
            .Distinct(StringComparer.Ordinal)
            .ToArray();

        return new PodSnapshot(
            pod.Metadata?.Uid ?? string.Empty,
            pod.Metadata?.NamespaceProperty ?? string.Empty,
            pod.Metadata?.Name ?? string.Empty,
            spec?.NodeName,
            spec?.ServiceAccountName,
            secrets,
            owners,
            containers,
            pod.Metadata?.ResourceVersion);
    }

    private static ContainerSnapshot Container(string name, string type, string? image, string? pullPolicy, IList<V1ContainerStatus>? statuses)
    {
        var status = Find(statuses, name);
        var waiting = status?.State?.Waiting;
        var pulled = status is not null
            && (!string.IsNullOrEmpty(status.ImageID) || status.State?.Running is not null || status.State?.Terminated is not null);
        return new ContainerSnapshot(
            name,
            type,
            image ?? status?.Image ?? string.Empty,
            pullPolicy,
            waiting?.Reason,
            Truncate(waiting?.Message),
            pulled);
    }

    private static V1ContainerStatus? Find(IList<V1ContainerStatus>? statuses, string name)
    {
        if (statuses is null)
        {
            return null;
        }

        foreach (var s in statuses)
        {
            if (s.Name == name)
            {
                return s;
            }
        }

        return null;
    }

    private static bool AnyStuck(IList<V1ContainerStatus>? statuses)
    {
        if (statuses is null)
        {
            return false;
        }

        foreach (var s in statuses)
        {
            if (ImagePullWaitingReasons.IsImagePullFailure(s.State?.Waiting?.Reason))
            {
                return true;
            }
        }

        return false;
    }

    private static string? Truncate(string? text) =>
        text is null || text.Length <= MaxMessageLength ? text : text[..MaxMessageLength];
}
