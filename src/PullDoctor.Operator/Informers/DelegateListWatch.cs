using k8s;

namespace PullDoctor.Operator.Informers;

/// <summary>List/watch over caller-supplied delegates, for types without a typed helper (custom resources, tests).</summary>
internal sealed class DelegateListWatch<T> : IListWatch<T>
{
    private readonly Func<string?, int?, CancellationToken, Task<ListPage<T>>> _list;
    private readonly Func<string, int, Action<Exception>, CancellationToken, IAsyncEnumerable<(WatchEventType, T)>> _watch;

    public DelegateListWatch(
        string description,
        Func<string?, int?, CancellationToken, Task<ListPage<T>>> list,
        Func<string, int, Action<Exception>, CancellationToken, IAsyncEnumerable<(WatchEventType, T)>> watch)
    {
        ArgumentNullException.ThrowIfNull(description);
        ArgumentNullException.ThrowIfNull(list);
        ArgumentNullException.ThrowIfNull(watch);
        Description = description;
        _list = list;
        _watch = watch;
    }

    public string Description { get; }

    public Task<ListPage<T>> ListAsync(string? continueToken, int? limit, CancellationToken cancellationToken) => _list(continueToken, limit, cancellationToken);

    public IAsyncEnumerable<(WatchEventType Type, T Object)> WatchAsync(string resourceVersion, int timeoutSeconds, Action<Exception> onError, CancellationToken cancellationToken) =>
        _watch(resourceVersion, timeoutSeconds, onError, cancellationToken);
}
