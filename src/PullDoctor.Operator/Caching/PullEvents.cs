using PullDoctor.Diagnosis;
using k8s;
using k8s.Models;
using PullDoctor.Operator.Diagnosis;
using PullDoctor.Operator.Informers;

namespace PullDoctor.Operator.Caching;

/// <summary>
/// Which of a pod's Events a diagnosis reads, and how they are listed and watched. The API server filters by field
/// selector, and a field selector cannot OR two values, so there is one list/watch per reason (as for
/// <see cref="SandboxEvents"/>), each narrowed to Events about pods.
/// </summary>
internal static class PullEvents
{
    /// <summary>
    /// The kubelet's Event reasons that carry a pull's error (pkg/kubelet/events): FailedToPullImage ("Failed"),
    /// FailedToInspectImage, ErrImageNeverPullPolicy and FailedToRetrieveImagePullSecret. FailedCreatePodSandBox comes
    /// from the sandbox informer. BackOff is left out on purpose: "Back-off pulling image" carries no cause, and the same
    /// reason is every crash-looping container's "Back-off restarting failed container", the noisiest Event there is.
    /// </summary>
    public static IReadOnlyList<string> Reasons { get; } = ["Failed", "InspectFailed", "ErrImageNeverPull", "FailedToRetrieveImagePullSecret"];

    public static string FieldSelector(string reason) => $"reason={reason},involvedObject.kind=Pod";

    /// <summary>A kubelet Event about a pod with a uid; PullDoctor's own are never evidence.</summary>
    public static bool IsPodPullEvent(Corev1Event e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return !string.IsNullOrEmpty(e.Reason)
            && e.InvolvedObject is { Kind: "Pod", Uid.Length: > 0, Name.Length: > 0 }
            && !KubeClusterReader.IsOwn(e);
    }

    public static PodPullEvent Project(Corev1Event e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var message = e.Message ?? string.Empty;
        return new PodPullEvent(
            e.Metadata?.NamespaceProperty ?? e.InvolvedObject.NamespaceProperty ?? string.Empty,
            e.InvolvedObject.Name,
            e.InvolvedObject.Uid,
            e.Reason,
            message.Length <= PodProjection.MaxMessageLength ? message : message[..PodProjection.MaxMessageLength],
            KubeClusterReader.LastSeen(e),
            KubeClusterReader.FirstSeen(e));
    }

    /// <summary>List/watch of one reason's pod Events in one namespace or, with a null namespace, the whole cluster.</summary>
    public static IListWatch<Corev1Event> ListWatch(IKubernetes client, string? namespaceName, string reason)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrEmpty(reason);
        var ns = string.IsNullOrEmpty(namespaceName) ? null : namespaceName;
        var selector = FieldSelector(reason);
        return new DelegateListWatch<Corev1Event>(
            ns is null ? $"{reason} pod events in all namespaces" : $"{reason} pod events in namespace {ns}",
            async (continueToken, limit, ct) =>
            {
                var list = ns is null
                    ? await client.CoreV1.ListEventForAllNamespacesAsync(continueParameter: continueToken, fieldSelector: selector, limit: limit, cancellationToken: ct)
                    : await client.CoreV1.ListNamespacedEventAsync(ns, continueParameter: continueToken, fieldSelector: selector, limit: limit, cancellationToken: ct);
                return new ListPage<Corev1Event>((IReadOnlyList<Corev1Event>?)list.Items ?? [], list.Metadata?.ContinueProperty, list.Metadata?.ResourceVersion);
            },
            (resourceVersion, timeoutSeconds, onError, ct) => WatchEnds.EmptyCloseIsNormal(
                ns is null
                    ? client.CoreV1.WatchListEventForAllNamespacesAsync(allowWatchBookmarks: true, fieldSelector: selector, resourceVersion: resourceVersion, timeoutSeconds: timeoutSeconds, onError: onError, cancellationToken: ct)
                    : client.CoreV1.WatchListNamespacedEventAsync(ns, allowWatchBookmarks: true, fieldSelector: selector, resourceVersion: resourceVersion, timeoutSeconds: timeoutSeconds, onError: onError, cancellationToken: ct),
                ct));
    }
}
