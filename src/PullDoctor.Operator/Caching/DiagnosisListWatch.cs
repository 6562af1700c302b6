using PullDoctor.Diagnosis;
using k8s;
using PullDoctor.Operator.Crds;
using PullDoctor.Operator.Informers;

namespace PullDoctor.Operator.Caching;

/// <summary>
/// List/watch of the ImagePullDiagnoses PullDoctor manages (label selector <c>app.kubernetes.io/managed-by=pulldoctor</c>)
/// in one namespace or, with a null namespace, the whole cluster.
/// </summary>
internal sealed class DiagnosisListWatch : IListWatch<ImagePullDiagnosis>
{
    public const string LabelSelector = ImagePullDiagnosis.ManagedByLabel + "=" + ImagePullDiagnosis.ManagedByValue;

    private const string G = ImagePullDiagnosis.GroupName;
    private const string V = ImagePullDiagnosis.Version;
    private const string P = ImagePullDiagnosis.Plural;

    private readonly IKubernetes _client;
    private readonly string? _namespace;

    public DiagnosisListWatch(IKubernetes client, string? @namespace)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
        _namespace = string.IsNullOrEmpty(@namespace) ? null : @namespace;
    }

    public string Description => _namespace is null ? "imagepulldiagnoses in all namespaces" : $"imagepulldiagnoses in namespace {_namespace}";

    public async Task<ListPage<ImagePullDiagnosis>> ListAsync(string? continueToken, int? limit, CancellationToken cancellationToken)
    {
        var list = _namespace is null
            ? await _client.CustomObjects.ListClusterCustomObjectAsync<ImagePullDiagnosisList>(G, V, P, continueParameter: continueToken, labelSelector: LabelSelector, limit: limit, cancellationToken: cancellationToken)
            : await _client.CustomObjects.ListNamespacedCustomObjectAsync<ImagePullDiagnosisList>(G, V, _namespace, P, continueParameter: continueToken, labelSelector: LabelSelector, limit: limit, cancellationToken: cancellationToken);
        return new ListPage<ImagePullDiagnosis>([.. list.Items], list.Metadata?.ContinueProperty, list.Metadata?.ResourceVersion);
    }

    public IAsyncEnumerable<(WatchEventType Type, ImagePullDiagnosis Object)> WatchAsync(string resourceVersion, int timeoutSeconds, Action<Exception> onError, CancellationToken cancellationToken)
    {
        var response = _namespace is null
            ? _client.CustomObjects.ListClusterCustomObjectWithHttpMessagesAsync<object>(
                G, V, P, allowWatchBookmarks: true, labelSelector: LabelSelector, resourceVersion: resourceVersion, timeoutSeconds: timeoutSeconds, watch: true, cancellationToken: cancellationToken)
            : _client.CustomObjects.ListNamespacedCustomObjectWithHttpMessagesAsync<object>(
                G, V, _namespace, P, allowWatchBookmarks: true, labelSelector: LabelSelector, resourceVersion: resourceVersion, timeoutSeconds: timeoutSeconds, watch: true, cancellationToken: cancellationToken);

        // The typed watch over a custom resource: KubernetesClient 21 has it only as this obsolete extension (notes §1.2).
#pragma warning disable CS0618
        return WatchEnds.EmptyCloseIsNormal(response.WatchAsync<ImagePullDiagnosis, object>(onError, cancellationToken), cancellationToken);
#pragma warning restore CS0618
    }
}
