using System.Collections.Concurrent;
using System.Text;
using PullDoctor.Diagnosis;
using k8s.Models;
using PullDoctor.Core.Classification;
using PullDoctor.Operator.Diagnosis;

namespace PullDoctor.Operator.Tests.Support;

/// <summary>An in-memory <see cref="IClusterReader"/> that counts reads, for unit tests of the analysis.</summary>
internal sealed class FakeClusterReader : IClusterReader
{
    public List<ObservedEvent> Events { get; } = [];

    public Dictionary<string, V1Pod> Pods { get; } = [];

    public Dictionary<string, V1ServiceAccount> ServiceAccounts { get; } = [];

    public Dictionary<string, V1Secret> Secrets { get; } = [];

    public Dictionary<string, V1Node> Nodes { get; } = [];

    public Dictionary<(string Kind, string Name), IReadOnlyList<PodOwner>> Owners { get; } = [];

    public ConcurrentDictionary<string, int> Reads { get; } = new();

    public static V1Secret DockerConfigSecret(string name, string json) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Type = "kubernetes.io/dockerconfigjson",
        Data = new Dictionary<string, byte[]> { [".dockerconfigjson"] = Encoding.UTF8.GetBytes(json) },
    };

    public Task<IReadOnlyList<ObservedEvent>> ListPodEventsAsync(string namespaceName, string podUid, CancellationToken cancellationToken) =>
        Count("events", (IReadOnlyList<ObservedEvent>)Events.ToArray());

    public Task<V1Pod?> GetPodAsync(string namespaceName, string name, CancellationToken cancellationToken) =>
        Count("pods", Pods.GetValueOrDefault(name));

    public Task<IReadOnlyList<string>?> GetServiceAccountPullSecretsAsync(string namespaceName, string name, CancellationToken cancellationToken) =>
        Count("serviceaccounts", ServiceAccounts.GetValueOrDefault(name) is { } account
            ? (IReadOnlyList<string>?)[.. (account.ImagePullSecrets ?? []).Select(r => r.Name)]
            : null);

    public Task<SecretContent?> GetSecretAsync(string namespaceName, string name, CancellationToken cancellationToken) =>
        Count("secrets", Secrets.GetValueOrDefault(name) is { } secret ? new SecretContent(secret.Type, secret.Data?.AsReadOnly()) : null);

    public Task<IReadOnlyDictionary<string, string>?> GetNodeLabelsAsync(string name, CancellationToken cancellationToken) =>
        Count("nodes", Nodes.GetValueOrDefault(name)?.Metadata?.Labels is { } labels ? (IReadOnlyDictionary<string, string>?)labels.AsReadOnly() : Nodes.ContainsKey(name) ? new Dictionary<string, string>() : null);

    public List<ReplicaSetSummary> ReplicaSets { get; } = [];

    public Task<IReadOnlyList<ReplicaSetSummary>> ListReplicaSetsAsync(string namespaceName, CancellationToken cancellationToken) =>
        Count<IReadOnlyList<ReplicaSetSummary>>("ReplicaSets", [.. ReplicaSets]);

    public Task<IReadOnlyList<PodOwner>?> GetOwnersOfAsync(string namespaceName, string kind, string name, CancellationToken cancellationToken) =>
        Count(kind, Owners.GetValueOrDefault((kind, name)));

    private Task<T> Count<T>(string what, T value)
    {
        Reads.AddOrUpdate(what, 1, (_, n) => n + 1);
        return Task.FromResult(value);
    }
}
