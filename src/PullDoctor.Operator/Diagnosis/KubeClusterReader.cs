using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using PullDoctor.Core.Classification;
using PullDoctor.Diagnosis;
using PullDoctor.Operator.Kube;

namespace PullDoctor.Operator.Diagnosis;

/// <summary>
/// <see cref="IClusterReader"/> over KubernetesClient. It is the only place a diagnosis makes requests, so it is
/// where every name is checked against its grammar: a name from a pod spec is untrusted and an invalid one throws
/// <see cref="InvalidObjectNameException"/> before any request (callers turn it into a finding first).
/// </summary>
public sealed class KubeClusterReader(IKubernetes client) : IClusterReader
{
    /// <summary>The component name PullDoctor's own Events carry; they are never evidence.</summary>
    public const string Component = "pulldoctor";

    public async Task<IReadOnlyList<ObservedEvent>> ListPodEventsAsync(string namespaceName, string podUid, CancellationToken cancellationToken)
    {
        var list = await client.CoreV1.ListNamespacedEventAsync(
            InvalidObjectNameException.RequireNamespace(namespaceName),
            fieldSelector: $"involvedObject.uid={InvalidObjectNameException.RequireUid(podUid)}", cancellationToken: cancellationToken);
        var events = new List<ObservedEvent>(list.Items.Count);
        foreach (var e in list.Items)
        {
            if (IsOwn(e) || string.IsNullOrEmpty(e.Reason))
            {
                continue;
            }

            events.Add(new ObservedEvent(e.Reason, e.Message ?? string.Empty, LastSeen(e)) { FirstSeen = FirstSeen(e) });
        }

        return events;
    }

    public Task<V1Pod?> GetPodAsync(string namespaceName, string name, CancellationToken cancellationToken) =>
        OrNull(() => client.CoreV1.ReadNamespacedPodAsync(Name(name, "Pod"), Namespace(namespaceName), cancellationToken: cancellationToken));

    public async Task<IReadOnlyList<string>?> GetServiceAccountPullSecretsAsync(string namespaceName, string name, CancellationToken cancellationToken)
    {
        var account = await OrNull(() => client.CoreV1.ReadNamespacedServiceAccountAsync(Name(name, "ServiceAccount"), Namespace(namespaceName), cancellationToken: cancellationToken));
        return account is null ? null : [.. (account.ImagePullSecrets ?? []).Select(r => r.Name).OfType<string>()];
    }

    public async Task<SecretContent?> GetSecretAsync(string namespaceName, string name, CancellationToken cancellationToken)
    {
        var secret = await OrNull(() => client.CoreV1.ReadNamespacedSecretAsync(Name(name, "Secret"), Namespace(namespaceName), cancellationToken: cancellationToken));
        return secret is null ? null : new SecretContent(secret.Type, secret.Data is null ? null : new Dictionary<string, byte[]>(secret.Data, StringComparer.Ordinal));
    }

    public async Task<IReadOnlyDictionary<string, string>?> GetNodeLabelsAsync(string name, CancellationToken cancellationToken)
    {
        var node = await OrNull(() => client.CoreV1.ReadNodeAsync(Name(name, "Node"), cancellationToken: cancellationToken));
        return node is null ? null : new Dictionary<string, string>(node.Metadata?.Labels ?? new Dictionary<string, string>(), StringComparer.Ordinal);
    }

    /// <summary>The most ReplicaSets one rollout look reads (one page): a namespace with more is described by its first page.</summary>
    public const int ReplicaSetPage = 500;

    public async Task<IReadOnlyList<ReplicaSetSummary>> ListReplicaSetsAsync(string namespaceName, CancellationToken cancellationToken)
    {
        var list = await client.AppsV1.ListNamespacedReplicaSetAsync(Namespace(namespaceName), limit: ReplicaSetPage, cancellationToken: cancellationToken);
        return [.. list.Items.Select(rs => new ReplicaSetSummary(
            rs.Metadata.Name,
            rs.Metadata.OwnerReferences?.FirstOrDefault(o => o.Controller == true)?.Uid,
            rs.Metadata.Annotations?.TryGetValue("deployment.kubernetes.io/revision", out var revision) == true
                && long.TryParse(revision, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var r) ? r : null,
            rs.Status?.ReadyReplicas ?? 0))];
    }

    public async Task<IReadOnlyList<PodOwner>?> GetOwnersOfAsync(string namespaceName, string kind, string name, CancellationToken cancellationToken)
    {
        V1ObjectMeta? metadata = kind switch
        {
            "ReplicaSet" => (await OrNull(() => client.AppsV1.ReadNamespacedReplicaSetAsync(Name(name, kind), Namespace(namespaceName), cancellationToken: cancellationToken)))?.Metadata,
            "Job" => (await OrNull(() => client.BatchV1.ReadNamespacedJobAsync(Name(name, kind), Namespace(namespaceName), cancellationToken: cancellationToken)))?.Metadata,
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

    // A repeated Event keeps its firstTimestamp (core/v1) or eventTime (events.k8s.io/v1) from its first occurrence.
    internal static DateTimeOffset? FirstSeen(Corev1Event e)
    {
        DateTime? time = e.FirstTimestamp ?? e.EventTime ?? e.Metadata?.CreationTimestamp;
        return time is { } t ? new DateTimeOffset(DateTime.SpecifyKind(t, t.Kind == DateTimeKind.Unspecified ? DateTimeKind.Utc : t.Kind)) : null;
    }

    private static string Name(string name, string kind) => InvalidObjectNameException.RequireSubdomain(name, kind);

    private static string Namespace(string name) => InvalidObjectNameException.RequireNamespace(name);

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
