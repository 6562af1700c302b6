using k8s;

namespace PullDoctor.Operator.Informers;

/// <summary>The only two calls a reflector makes: a paginated consistent list, and a watch from a resourceVersion.</summary>
internal interface IListWatch<T>
{
    /// <summary>For logs, e.g. "pods in all namespaces".</summary>
    string Description { get; }

    /// <summary>Lists one page (resourceVersion unset: a consistent read that supports limit/continue).</summary>
    Task<ListPage<T>> ListAsync(string? continueToken, int? limit, CancellationToken cancellationToken);

    /// <summary>
    /// Watches from <paramref name="resourceVersion"/> with bookmarks and a server-side timeout.
    /// <paramref name="onError"/> receives errors sent inside the stream (410 Expired, undecodable lines) and
    /// throws them, so they end the enumeration.
    /// </summary>
    IAsyncEnumerable<(WatchEventType Type, T Object)> WatchAsync(string resourceVersion, int timeoutSeconds, Action<Exception> onError, CancellationToken cancellationToken);
}
