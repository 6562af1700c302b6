using System.Runtime.ExceptionServices;
using System.Text.Json;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PullDoctor.Operator.Kube;
using PullDoctor.Operator.Queues;

namespace PullDoctor.Operator.Informers;

/// <summary>
/// A reflector plus store (client-go's SharedInformer, slimmed): list in pages, watch from the list's
/// resourceVersion with bookmarks and a jittered timeout, resume after normal closes, relist after 410 Gone,
/// back off on errors, and reconnect when the watch goes silent. Every object is filtered on arrival and only
/// the projections of those that pass are kept, so memory grows with the kept objects, not with all objects.
/// </summary>
/// <remarks>
/// Objects are keyed by their <c>V1ObjectMeta</c> (typed client objects) or, for decoders that keep no metadata object,
/// through <see cref="IInformerObject"/>.
/// </remarks>
internal sealed partial class Informer<TObject, TProjection> : BackgroundService, IInformer<TProjection>
    where TObject : class
{
    private readonly IListWatch<TObject> _listWatch;
    private readonly InformerOptions<TObject, TProjection> _options;
    private readonly Func<TObject, TProjection> _transform;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ObjectStore<TProjection> _store;
    private readonly Lock _gate = new();
    private readonly List<HandlerDispatcher<TProjection>> _handlers = [];
    private readonly TaskCompletionSource _synced = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ReflectorBackoff _backoff;
    private readonly IEqualityComparer<TProjection> _comparer = EqualityComparer<TProjection>.Default;
    private string? _resourceVersion;
    private long _lastActivity;

    public Informer(IListWatch<TObject> listWatch, InformerOptions<TObject, TProjection> options, TimeProvider time, ILogger<Informer<TObject, TProjection>> logger)
    {
        ArgumentNullException.ThrowIfNull(listWatch);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        options.Validate();
        if (!typeof(IInformerObject).IsAssignableFrom(typeof(TObject)) && !typeof(IMetadata<V1ObjectMeta>).IsAssignableFrom(typeof(TObject)))
            throw new ArgumentException($"{typeof(TObject).Name} has neither V1ObjectMeta nor IInformerObject: the informer cannot key it.");
        _listWatch = listWatch;
        _options = options;
        _transform = options.Transform!;
        _store = new ObjectStore<TProjection>(options.IndexBy);
        _time = time;
        _logger = logger;
        _backoff = new ReflectorBackoff(options.BackoffInitial, options.BackoffMax, options.BackoffResetAfter, time);
    }

    public string Name => _options.Name;

    public IObjectStore<TProjection> Store => _store;

    public InformerStats Stats { get; } = new();

    /// <summary>The kept projections with this value of <see cref="InformerOptions{TObject, TProjection}.IndexBy"/>.</summary>
    public IReadOnlyList<TProjection> ByIndex(string value) => _store.ByIndex(value);

    public bool HasSynced => _synced.Task.IsCompleted;

    public string? LastResourceVersion => Volatile.Read(ref _resourceVersion);

    public Task WaitForSyncAsync(CancellationToken cancellationToken) => _synced.Task.WaitAsync(cancellationToken);

    public IDisposable AddHandler(Action<InformerEvent<TProjection>> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        var dispatcher = new HandlerDispatcher<TProjection>(handler, Stats, _logger, Name);
        lock (_gate)
        {
            // Under the lock no change can slip between the replay and the registration.
            foreach (var (key, value) in _store.List())
                dispatcher.Post(new InformerEvent<TProjection>(InformerEventType.Added, key, value));
            _handlers.Add(dispatcher);
        }

        dispatcher.OnDispose = d =>
        {
            lock (_gate)
            {
                _handlers.Remove(d);
            }
        };
        return dispatcher;
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        HandlerDispatcher<TProjection>[] handlers;
        lock (_gate)
        {
            handlers = [.. _handlers];
        }

        foreach (var handler in handlers)
            handler.Complete();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var needList = true;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (needList)
                {
                    await ListAndReplaceAsync(stoppingToken);
                    needList = false;
                }

                // Normal ends of a watch (server timeout, connection closed cleanly) resume from the last RV.
                while (true)
                    await WatchOnceAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                Stats.WatchRestarted();
                needList |= OnFailure(ex);
            }

            try
            {
                await Task.Delay(_backoff.Next(), _time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Logs and counts a failed list or watch; returns true when only a relist can recover.</summary>
    private bool OnFailure(Exception ex)
    {
        if (KubeErrors.IsGone(ex))
        {
            Stats.GoneReceived();
            Log.Gone(_logger, Name, LastResourceVersion);
            return true;
        }

        switch (ex)
        {
            case WatchStalledException:
                Stats.WatchdogFired();
                Log.Stalled(_logger, Name, _options.StallTimeout);
                return false;
            case ShortWatchException:
                Log.ShortWatch(_logger, Name);
                return false;
            case JsonException:
                // The client drops an undecodable line; the store may have missed a change, so rebuild it.
                Stats.DecodeFailed();
                Log.DecodeFailed(_logger, ex, Name);
                return true;
            case var _ when Hosting.ApiPrerequisites.IsPrerequisiteError(ex):
                // A missing CRD or RBAC: ApiPrerequisites logs the one line naming the fix; no stack trace per retry.
                Log.FailedForPrerequisite(_logger, Name, _listWatch.Description, KubeErrors.StatusCode(ex));
                return false;
            default:
                Log.Failed(_logger, ex, Name, _listWatch.Description);
                return false;
        }
    }

    private async Task ListAndReplaceAsync(CancellationToken cancellationToken)
    {
        var fresh = new Dictionary<ObjectKey, TProjection>();
        string? continueToken = null;
        string? resourceVersion;
        do
        {
            var page = await _listWatch.ListAsync(continueToken, _options.PageSize, cancellationToken);
            foreach (var item in page.Items)
            {
                // Each page is reduced to projections of kept objects before the next is fetched.
                if (TryProject(item, out var key, out var projection))
                    fresh[key] = projection;
            }

            continueToken = page.Continue;
            resourceVersion = page.ResourceVersion;
        }
        while (!string.IsNullOrEmpty(continueToken));

        if (string.IsNullOrEmpty(resourceVersion))
            throw new InvalidOperationException($"The list of {_listWatch.Description} carried no resourceVersion.");

        // Counters first, so anyone reacting to the events below already sees them.
        Stats.ListCompleted(relist: HasSynced);
        Volatile.Write(ref _resourceVersion, resourceVersion);
        Replace(fresh);
        Log.Listed(_logger, Name, fresh.Count, resourceVersion);
        _synced.TrySetResult();
    }

    private void Replace(Dictionary<ObjectKey, TProjection> fresh)
    {
        lock (_gate)
        {
            // Keys that vanished while we were not watching get a synthesized Deleted.
            foreach (var key in _store.Keys())
            {
                if (!fresh.ContainsKey(key) && _store.Remove(key, out var gone))
                    PublishLocked(new InformerEvent<TProjection>(InformerEventType.Deleted, key, gone));
            }

            foreach (var (key, projection) in fresh)
                UpsertLocked(key, projection);
        }
    }

    private async Task WatchOnceAsync(CancellationToken cancellationToken)
    {
        var resourceVersion = LastResourceVersion!;
        var timeoutSeconds = JitteredTimeoutSeconds();
        using var watchCts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var stalled = 0;
        Touch();
        var checkEvery = _options.StallTimeout / 4;
        using var watchdog = _time.CreateTimer(
            _ =>
            {
                if (_time.GetElapsedTime(Volatile.Read(ref _lastActivity)) >= _options.StallTimeout && Interlocked.Exchange(ref stalled, 1) == 0)
                    watchCts.Cancel();
            },
            null,
            checkEvery,
            checkEvery);

        var started = _time.GetTimestamp();
        var events = 0;
        Stats.WatchStarted();
        try
        {
            var stream = _listWatch.WatchAsync(resourceVersion, timeoutSeconds, ThrowFromStream, watchCts.Token);
            await foreach (var (type, obj) in stream.WithCancellation(watchCts.Token))
            {
                Touch();
                events++;
                Apply(type, obj);
            }
        }
        catch (Exception ex) when (Volatile.Read(ref stalled) == 1 && !cancellationToken.IsCancellationRequested)
        {
            throw new WatchStalledException(ex);
        }

        if (events == 0 && _time.GetElapsedTime(started) < _options.MinWatchDuration)
            throw new ShortWatchException();
    }

    private void Apply(WatchEventType type, TObject obj)
    {
        Stats.EventReceived(type == WatchEventType.Bookmark);
        switch (type)
        {
            case WatchEventType.Added:
            case WatchEventType.Modified:
                Upsert(obj);
                break;
            case WatchEventType.Deleted:
                Delete(KeyOf(obj));
                break;
            case WatchEventType.Bookmark:
            case WatchEventType.Error:
                break;
        }

        if (ResourceVersionOf(obj) is { Length: > 0 } rv)
            Volatile.Write(ref _resourceVersion, rv);
    }

    private void Upsert(TObject obj)
    {
        if (TryProject(obj, out var key, out var projection))
        {
            lock (_gate)
            {
                UpsertLocked(key, projection);
            }

            return;
        }

        // No longer interesting (e.g. the pod recovered): forget it.
        Delete(key);
    }

    private void Delete(ObjectKey key)
    {
        lock (_gate)
        {
            if (_store.Remove(key, out var last))
                PublishLocked(new InformerEvent<TProjection>(InformerEventType.Deleted, key, last));
        }
    }

    private void UpsertLocked(ObjectKey key, TProjection projection)
    {
        if (_store.TryGet(key, out var old))
        {
            _store.Set(key, projection);
            if (!(_options.SuppressUnchangedUpdates && _comparer.Equals(old, projection)))
                PublishLocked(new InformerEvent<TProjection>(InformerEventType.Updated, key, projection, old));
            return;
        }

        _store.Set(key, projection);
        PublishLocked(new InformerEvent<TProjection>(InformerEventType.Added, key, projection));
    }

    private bool TryProject(TObject obj, out ObjectKey key, out TProjection projection)
    {
        key = KeyOf(obj);
        projection = default!;
        try
        {
            if (_options.Filter is { } filter && !filter(obj))
            {
                Stats.Filtered();
                return false;
            }

            projection = _transform(obj);
            return true;
        }
        catch (Exception ex)
        {
            // A bug in one object's projection must not stall the whole stream.
            Stats.TransformFailed();
            Log.TransformFailed(_logger, ex, Name, key.ToString());
            return false;
        }
    }

    private void PublishLocked(InformerEvent<TProjection> change)
    {
        foreach (var handler in _handlers)
            handler.Post(change);
    }

    private static ObjectKey KeyOf(TObject obj) => obj switch
    {
        IInformerObject decoded => decoded.Key,
        IMetadata<V1ObjectMeta> typed => new(typed.Metadata?.NamespaceProperty, typed.Metadata?.Name ?? string.Empty),
        _ => throw new InvalidOperationException("unkeyable object"),
    };

    private static string? ResourceVersionOf(TObject obj) => obj switch
    {
        IInformerObject decoded => decoded.ResourceVersion,
        IMetadata<V1ObjectMeta> typed => typed.Metadata?.ResourceVersion,
        _ => null,
    };

    private void Touch() => Volatile.Write(ref _lastActivity, _time.GetTimestamp());

    private int JitteredTimeoutSeconds()
    {
        var min = (int)_options.WatchTimeoutMin.TotalSeconds;
        var max = (int)_options.WatchTimeoutMax.TotalSeconds;
        return max <= min ? min : Random.Shared.Next(min, max);
    }

    // The client reports in-stream errors (410 Expired, undecodable lines) through onError and keeps reading;
    // throwing here is the only way to end the enumeration (see notes §1.2).
    private static void ThrowFromStream(Exception exception) => ExceptionDispatchInfo.Throw(exception);

    private static partial class Log
    {
        [LoggerMessage(10, LogLevel.Information, "Informer {Informer}: listed, keeping {Kept} object(s) at resourceVersion {ResourceVersion}")]
        public static partial void Listed(ILogger logger, string informer, int kept, string resourceVersion);

        [LoggerMessage(11, LogLevel.Information, "Informer {Informer}: resourceVersion {ResourceVersion} is gone (410), relisting")]
        public static partial void Gone(ILogger logger, string informer, string? resourceVersion);

        [LoggerMessage(12, LogLevel.Warning, "Informer {Informer}: no event or bookmark for {StallTimeout}, reconnecting")]
        public static partial void Stalled(ILogger logger, string informer, TimeSpan stallTimeout);

        [LoggerMessage(13, LogLevel.Warning, "Informer {Informer}: watch closed at once without events, backing off")]
        public static partial void ShortWatch(ILogger logger, string informer);

        [LoggerMessage(14, LogLevel.Warning, "Informer {Informer}: an event could not be decoded, relisting")]
        public static partial void DecodeFailed(ILogger logger, Exception exception, string informer);

        [LoggerMessage(15, LogLevel.Warning, "Informer {Informer}: list/watch of {What} failed, backing off")]
        public static partial void Failed(ILogger logger, Exception exception, string informer, string what);

        [LoggerMessage(17, LogLevel.Debug, "Informer {Informer}: list/watch of {What} failed with HTTP {StatusCode} (a missing prerequisite, see the Not ready line), backing off")]
        public static partial void FailedForPrerequisite(ILogger logger, string informer, string what, int? statusCode);

        [LoggerMessage(16, LogLevel.Error, "Informer {Informer}: filter or transform threw for {Key}; object skipped")]
        public static partial void TransformFailed(ILogger logger, Exception exception, string informer, string key);
    }
}
