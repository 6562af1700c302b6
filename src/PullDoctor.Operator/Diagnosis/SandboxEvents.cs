using PullDoctor.Diagnosis;
using k8s;
using k8s.Models;
using PullDoctor.Core.Causes;
using PullDoctor.Core.Classification;
using PullDoctor.Operator.Informers;

namespace PullDoctor.Operator.Diagnosis;

/// <summary>
/// A pod whose sandbox (pause) image cannot be pulled waits in ContainerCreating with no pull reason on any
/// container; the only evidence is the kubelet's <c>FailedCreatePodSandBox</c> Event. These are the Events kept.
/// </summary>
internal static class SandboxEvents
{
    public const string Reason = "FailedCreatePodSandBox";

    /// <summary>The waiting reason of containers whose pod has no sandbox yet.</summary>
    public const string ContainerCreating = "ContainerCreating";

    /// <summary>Only this reason is listed and watched; the API server filters, so other Events cost nothing.</summary>
    public const string FieldSelector = "reason=" + Reason;

    /// <summary>True for a pod's sandbox Event that is a failed pull of the sandbox image with a known cause.</summary>
    public static bool IsSandboxPullFailure(Corev1Event e)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (e.Reason != Reason || e.InvolvedObject?.Kind is not (null or "Pod") || string.IsNullOrEmpty(e.InvolvedObject?.Name)
            || e.Message is not { } message || !message.Contains("sandbox image", StringComparison.Ordinal))
        {
            return false;
        }

        var classification = MessageClassifier.Classify(message, Reason);
        return classification.Cause != CauseCode.Unknown && classification.Facts.Image is not null;
    }

    public static SandboxPullEvent Project(Corev1Event e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var message = e.Message ?? string.Empty;
        return new SandboxPullEvent(
            e.InvolvedObject?.NamespaceProperty ?? e.Metadata?.NamespaceProperty ?? string.Empty,
            e.InvolvedObject?.Name ?? string.Empty,
            e.InvolvedObject?.Uid,
            message.Length <= PodProjection.MaxMessageLength ? message : message[..PodProjection.MaxMessageLength],
            KubeClusterReader.LastSeen(e)) { FirstSeen = KubeClusterReader.FirstSeen(e) };
    }

    /// <summary>The newest kept sandbox-pull Event of the pod with this uid, if any.</summary>
    public static SandboxPullEvent? Latest(IObjectStore<SandboxPullEvent> store, string namespaceName, string podName, string podUid)
    {
        ArgumentNullException.ThrowIfNull(store);
        return store.List()
            .Select(kv => kv.Value)
            .Where(e => e.Namespace == namespaceName && e.PodName == podName && (e.PodUid is null || e.PodUid == podUid))
            .OrderByDescending(e => e.LastSeen ?? DateTimeOffset.MinValue)
            .FirstOrDefault();
    }

    /// <summary>
    /// True while the pod has no sandbox: it is not terminal and every app container waits in ContainerCreating
    /// (or has no status yet). Init containers wait as PodInitializing then; any that ran means a sandbox exists.
    /// </summary>
    public static bool AwaitsSandbox(V1Pod pod)
    {
        ArgumentNullException.ThrowIfNull(pod);
        var status = pod.Status;
        if (status?.Phase is "Succeeded" or "Failed" || pod.Metadata?.DeletionTimestamp is not null)
        {
            return false;
        }

        static bool NoSandbox(V1ContainerStatus s) =>
            string.IsNullOrEmpty(s.ContainerID) && s.State?.Running is null && s.State?.Terminated is null
            && (s.State?.Waiting is null || s.State.Waiting.Reason is ContainerCreating or "PodInitializing");

        return (status?.ContainerStatuses ?? []).All(NoSandbox) && (status?.InitContainerStatuses ?? []).All(NoSandbox);
    }

    /// <summary>The pod as a snapshot whose only stuck entry is its sandbox image.</summary>
    public static PodSnapshot WithSandbox(PodSnapshot pod, SandboxPullEvent evidence)
    {
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentNullException.ThrowIfNull(evidence);
        var image = MessageClassifier.Classify(evidence.Message, Reason).Facts.Image ?? string.Empty;
        var sandbox = new ContainerSnapshot(SandboxContainerName, ContainerTypes.Sandbox, image, null, Reason, evidence.Message, ImagePulled: false);
        return pod with { Containers = [sandbox, .. pod.Containers] };
    }

    /// <summary>The name of the sandbox entry in a diagnosis; its containerType (Sandbox) tells it from a container of that name.</summary>
    public const string SandboxContainerName = "sandbox";

    /// <summary>List/watch of the sandbox Events in one namespace or, with a null namespace, the whole cluster.</summary>
    public static IListWatch<Corev1Event> ListWatch(IKubernetes client, string? namespaceName)
    {
        ArgumentNullException.ThrowIfNull(client);
        var ns = string.IsNullOrEmpty(namespaceName) ? null : namespaceName;
        return new DelegateListWatch<Corev1Event>(
            ns is null ? "sandbox events in all namespaces" : $"sandbox events in namespace {ns}",
            async (continueToken, limit, ct) =>
            {
                var list = ns is null
                    ? await client.CoreV1.ListEventForAllNamespacesAsync(continueParameter: continueToken, fieldSelector: FieldSelector, limit: limit, cancellationToken: ct)
                    : await client.CoreV1.ListNamespacedEventAsync(ns, continueParameter: continueToken, fieldSelector: FieldSelector, limit: limit, cancellationToken: ct);
                return new ListPage<Corev1Event>((IReadOnlyList<Corev1Event>?)list.Items ?? [], list.Metadata?.ContinueProperty, list.Metadata?.ResourceVersion);
            },
            (resourceVersion, timeoutSeconds, onError, ct) => ns is null
                ? client.CoreV1.WatchListEventForAllNamespacesAsync(allowWatchBookmarks: true, fieldSelector: FieldSelector, resourceVersion: resourceVersion, timeoutSeconds: timeoutSeconds, onError: onError, cancellationToken: ct)
                : client.CoreV1.WatchListNamespacedEventAsync(ns, allowWatchBookmarks: true, fieldSelector: FieldSelector, resourceVersion: resourceVersion, timeoutSeconds: timeoutSeconds, onError: onError, cancellationToken: ct));
    }
}
