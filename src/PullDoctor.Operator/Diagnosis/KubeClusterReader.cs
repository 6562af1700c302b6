using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using PullDoctor.Core.Classification;

namespace PullDoctor.Operator.Diagnosis;

/// <summary><see cref="IClusterReader"/> over KubernetesClient.</summary>
public sealed class KubeClusterReader(IKubernetes client) : IClusterReader
{
    /// <summary>The component name PullDoctor's own Events carry; they are never evidence.</summary>
    public const string Component = "pulldoctor";

    public async Task<IReadOnlyList<ObservedEvent>> ListPodEventsAsync(string namespaceName, string podUid, CancellationToken cancellationToken)
    {
        var list = await client.CoreV1.ListNamespacedEventAsync(namespaceName, fieldSelector: $"involvedObject.uid={podUid}", cancellationToken: cancellationToken);
        var events = new List<ObservedEvent>(list.Items.Count);
        foreach (var e in list.Items)
        {
            if (IsOwn(e) || string.IsNullOrEmpty(e.Reason))
            {
                continue;
            }

            events.Add(new ObservedEvent(e.Reason, e.Message ?? string.Empty, LastSeen(e)));
        }

        return events;
    }

    public Task<V1Pod?> GetPodAsync(string namespaceName, string name, CancellationToken cancellationToken) =>
        OrNull(() => client.CoreV1.ReadNamespacedPodAsync(name, namespaceName, cancellationToken: cancellationToken));

    public Task<V1ServiceAccount?> GetServiceAccountAsync(string namespaceName, string name, CancellationToken cancellationToken) =>
        OrNull(() => client.CoreV1.ReadNamespacedServiceAccountAsync(name, namespaceName, cancellationToken: cancellationToken));

    public Task<V1Secret?> GetSecretAsync(string namespaceName, string name, CancellationToken cancellationToken) =>
        OrNull(() => client.CoreV1.ReadNamespacedSecretAsync(name, namespaceName, cancellationToken: cancellationToken));

    public Task<V1Node?> GetNodeAsync(string name, CancellationToken cancellationToken) =>
        OrNull(() => client.CoreV1.ReadNodeAsync(name, cancellationToken: cancellationToken));

    public async Task<IReadOnlyList<PodOwner>?> GetOwnersOfAsync(string namespaceName, string kind, string name, CancellationToken cancellationToken)
    {
        V1ObjectMeta? metadata = kind switch
        {
            "ReplicaSet" => (await OrNull(() => client.AppsV1.ReadNamespacedReplicaSetAsync(name, namespaceName, cancellationToken: cancellationToken)))?.Metadata,
            "Job" => (await OrNull(() => client.BatchV1.ReadNamespacedJobAsync(name, namespaceName, cancellationToken: cancellationToken)))?.Metadata,
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "only ReplicaSet and Job owners are followed"),
        };
        return metadata is null
            ? null
            : (metadata.OwnerReferences ?? []).Select(o => new PodOwner(o.ApiVersion, o.Kind, o.Name, o.Uid, o.Controller == true)).ToArray();
    }

    internal static bool IsOwn(Corev1Event e) =>
        e.Source?.Component == Component
        || (e.ReportingComponent?.StartsWith(Component, StringComparison.Ordinal) ?? false);

    // The kubelet's events.k8s.io/v1 events carry series/eventTime; its core/v1 ones lastTimestamp.
    internal static DateTimeOffset? LastSeen(Corev1Event e)
    {
        DateTime? time = e.Series?.LastObservedTime ?? e.LastTimestamp ?? e.EventTime ?? e.FirstTimestamp ?? e.Metadata?.CreationTimestamp;
        return time is { } t ? new DateTimeOffset(DateTime.SpecifyKind(t, t.Kind == DateTimeKind.Unspecified ? DateTimeKind.Utc : t.Kind)) : null;
    }

    private static async Task<T?> OrNull<T>(Func<Task<T>> read)
        where T : class
    {
        try
        {
            return await read();
        }
        catch (HttpOperationException ex) when (ex.Response?.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }
}
