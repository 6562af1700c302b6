using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using k8s;
using PullDoctor.Operator.Kube;

namespace PullDoctor.Operator.Informers.PodStream;

/// <summary>
/// List/watch of pods decoded straight from the response stream into <see cref="DecodedPod"/>s (see
/// <see cref="PodJsonDecoder"/>), for one namespace or, with a null namespace, the whole cluster. The requests are the
/// ones <see cref="PodListWatch"/> makes through the typed client: the same paths and parameters, JSON.
/// </summary>
internal sealed class PodStreamListWatch : IListWatch<DecodedPod>
{
    /// <summary>The largest pod (one list item or watch line) accepted; etcd keeps objects below 1.5 MiB.</summary>
    public const int DefaultMaxObjectBytes = 16 * 1024 * 1024;

    private readonly RawApiRequests _requests;
    private readonly string _path;
    private readonly string? _labelSelector;
    private readonly string? _fieldSelector;
    private readonly TimeSpan _listTimeout;
    private readonly int _maxObjectBytes;

    /// <param name="listTimeout">A list request's limit (the client's HttpClientTimeout, 100 s, by default); watches have none.</param>
    public PodStreamListWatch(
        IKubernetes client,
        string? @namespace = null,
        string? labelSelector = null,
        string? fieldSelector = null,
        TimeSpan? listTimeout = null,
        int maxObjectBytes = DefaultMaxObjectBytes)
    {
        _requests = new RawApiRequests(client);
        var ns = string.IsNullOrEmpty(@namespace) ? null : @namespace;
        _path = ns is null ? "api/v1/pods" : $"api/v1/namespaces/{Uri.EscapeDataString(ns)}/pods";
        Description = ns is null ? "pods in all namespaces" : $"pods in namespace {ns}";
        _labelSelector = labelSelector;
        _fieldSelector = fieldSelector;
        _listTimeout = listTimeout ?? TimeSpan.FromSeconds(100);
        _maxObjectBytes = maxObjectBytes;
    }

    public string Description { get; }

    public async Task<ListPage<DecodedPod>> ListAsync(string? continueToken, int? limit, CancellationToken cancellationToken)
    {
        var query = new StringBuilder();
        RawApiRequests.AddQuery(query, "continue", string.IsNullOrEmpty(continueToken) ? null : continueToken);
        RawApiRequests.AddQuery(query, "fieldSelector", _fieldSelector);
        RawApiRequests.AddQuery(query, "labelSelector", _labelSelector);
        RawApiRequests.AddQuery(query, "limit", limit?.ToString(CultureInfo.InvariantCulture));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_listTimeout);
        using var response = await _requests.GetAsync(_path + query, timeout.Token);
        await using var body = await response.Content.ReadAsStreamAsync(timeout.Token);
        return await PodListStream.ReadAsync(body, _maxObjectBytes, timeout.Token);
    }

    public async IAsyncEnumerable<(WatchEventType Type, DecodedPod Object)> WatchAsync(
        string resourceVersion,
        int timeoutSeconds,
        Action<Exception> onError,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(onError);
        var query = new StringBuilder();
        RawApiRequests.AddQuery(query, "allowWatchBookmarks", "true");
        RawApiRequests.AddQuery(query, "fieldSelector", _fieldSelector);
        RawApiRequests.AddQuery(query, "labelSelector", _labelSelector);
        RawApiRequests.AddQuery(query, "resourceVersion", resourceVersion);
        RawApiRequests.AddQuery(query, "timeoutSeconds", timeoutSeconds.ToString(CultureInfo.InvariantCulture));
        RawApiRequests.AddQuery(query, "watch", "true");
        using var response = await _requests.GetAsync(_path + query, cancellationToken);
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        await foreach (var item in PodWatchStream.ReadAsync(body, _maxObjectBytes, onError, cancellationToken))
            yield return item;
    }
}
