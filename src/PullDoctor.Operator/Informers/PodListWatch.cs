using k8s;
using k8s.Models;

namespace PullDoctor.Operator.Informers;

/// <summary>Typed CoreV1 list/watch of pods in one namespace or, with a null namespace, the whole cluster.</summary>
internal sealed class PodListWatch : IListWatch<V1Pod>
{
    private readonly IKubernetes _client;
    private readonly string? _namespace;
    private readonly string? _labelSelector;
    private readonly string? _fieldSelector;

    public PodListWatch(IKubernetes client, string? @namespace = null, string? labelSelector = null, string? fieldSelector = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
        _namespace = string.IsNullOrEmpty(@namespace) ? null : @namespace;
        _labelSelector = labelSelector;
        _fieldSelector = fieldSelector;
    }

    public string Description => _namespace is null ? "pods in all namespaces" : $"pods in namespace {_namespace}";

    public async Task<ListPage<V1Pod>> ListAsync(string? continueToken, int? limit, CancellationToken cancellationToken)
    {
        var list = _namespace is null
            ? await _client.CoreV1.ListPodForAllNamespacesAsync(
                continueParameter: continueToken,
                fieldSelector: _fieldSelector,
                labelSelector: _labelSelector,
                limit: limit,
                cancellationToken: cancellationToken)
            : await _client.CoreV1.ListNamespacedPodAsync(
                _namespace,
                continueParameter: continueToken,
                fieldSelector: _fieldSelector,
                labelSelector: _labelSelector,
                limit: limit,
                cancellationToken: cancellationToken);
        return new ListPage<V1Pod>((IReadOnlyList<V1Pod>?)list.Items ?? [], list.Metadata?.ContinueProperty, list.Metadata?.ResourceVersion);
    }

    public IAsyncEnumerable<(WatchEventType Type, V1Pod Object)> WatchAsync(string resourceVersion, int timeoutSeconds, Action<Exception> onError, CancellationToken cancellationToken) =>
        _namespace is null
            ? _client.CoreV1.WatchListPodForAllNamespacesAsync(
                allowWatchBookmarks: true,
                fieldSelector: _fieldSelector,
                labelSelector: _labelSelector,
                resourceVersion: resourceVersion,
                timeoutSeconds: timeoutSeconds,
                onError: onError,
                cancellationToken: cancellationToken)
            : _client.CoreV1.WatchListNamespacedPodAsync(
                _namespace,
                allowWatchBookmarks: true,
                fieldSelector: _fieldSelector,
                labelSelector: _labelSelector,
                resourceVersion: resourceVersion,
                timeoutSeconds: timeoutSeconds,
                onError: onError,
                cancellationToken: cancellationToken);
}
