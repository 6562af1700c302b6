using System.Globalization;
using System.Text;
using System.Threading.Channels;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PullDoctor.Operator.Kube;

namespace PullDoctor.Operator.Events;

/// <summary>
/// An events.k8s.io/v1-style recorder (client-go's tools/events, with the core/v1 recorder's spam filter; written through core/v1 by
/// <see cref="KubernetesEventSink"/> so the Events carry firstTimestamp, lastTimestamp and count):
/// <see cref="Record"/> applies the per-object spam limit and queues without blocking; a background sender
/// turns repeats of an isomorphic event (same regarding, related, reason, type, action and reporter — the
/// note does not count) into a <c>series</c> patch of the existing Event, and creates the rest.
/// Failures are logged and counted, never thrown.
/// </summary>
internal sealed partial class EventRecorder : BackgroundService, IEventRecorder
{
    private const int MaxNoteBytes = 1024;
    private const int MaxShortField = 128;

    private readonly IEventSink _sink;
    private readonly EventRecorderOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Channel<Pending> _queue;
    private readonly SpamFilter _spam;
    private readonly LruCache<IsomorphicKey, SeriesState> _series;
    private readonly string _instance;

    public EventRecorder(IKubernetes client, EventRecorderOptions options, TimeProvider time, ILogger<EventRecorder> logger)
        : this(new KubernetesEventSink(client), options, time, logger)
    {
        ArgumentNullException.ThrowIfNull(client);
    }

    internal EventRecorder(IEventSink sink, EventRecorderOptions options, TimeProvider time, ILogger<EventRecorder> logger)
    {
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        _sink = sink;
        _options = options;
        _time = time;
        _logger = logger;
        _instance = options.ResolveReportingInstance();
        _queue = Channel.CreateBounded<Pending>(new BoundedChannelOptions(options.QueueCapacity)
        {
            // Wait (not DropWrite) so that TryWrite reports a full queue; Record never waits on it.
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
        });
        _spam = new SpamFilter(options.SpamBurst, options.SpamRefillInterval, options.MaxTrackedObjects, time);
        _series = new LruCache<IsomorphicKey, SeriesState>(options.MaxTrackedObjects);
    }

    public EventRecorderStats Stats { get; } = new();

    public string ReportingInstance => _instance;

    public void Record(V1ObjectReference regarding, string type, string reason, string action, string note, V1ObjectReference? related = null)
    {
        try
        {
            if (regarding is null || string.IsNullOrEmpty(regarding.Name) || string.IsNullOrEmpty(reason) || string.IsNullOrEmpty(action))
            {
                Stats.FailedOne();
                Log.Invalid(_logger, regarding?.Name, reason);
                return;
            }

            if (!_spam.TryAcquire(ObjectKeyOf(regarding)))
            {
                Stats.Spam();
                Log.Spam(_logger, Describe(regarding), reason);
                return;
            }

            var pending = new Pending(regarding, related, type == EventTypes.Warning ? EventTypes.Warning : EventTypes.Normal, Truncate(reason, MaxShortField), Truncate(action, MaxShortField), TruncateUtf8(note ?? string.Empty, MaxNoteBytes), _time.GetUtcNow());
            if (_queue.Writer.TryWrite(pending))
            {
                Stats.Accepted();
            }
            else
            {
                Stats.QueueFull();
                Log.QueueFull(_logger, Describe(regarding), reason);
            }
        }
        catch (Exception ex)
        {
            // Recording is best effort by contract; whatever went wrong must not reach the reconcile.
            Stats.FailedOne();
            Log.SendFailed(_logger, ex, regarding?.Name, reason, null);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Stopping closes the queue and leaves DrainTimeout for what is queued or in flight (a recovery
        // Event written just before shutdown should still land).
        using var sending = new CancellationTokenSource();
        using var onStop = stoppingToken.Register(() =>
        {
            _queue.Writer.TryComplete();
            sending.CancelAfter(_options.DrainTimeout);
        });
        try
        {
            await foreach (var pending in _queue.Reader.ReadAllAsync(sending.Token))
                await SendAsync(pending, sending.Token);
        }
        catch (OperationCanceledException) when (sending.IsCancellationRequested)
        {
            // Out of time: the rest is lost, like client-go's broadcaster on shutdown.
        }
    }

    private async Task SendAsync(Pending pending, CancellationToken cancellationToken)
    {
        var key = new IsomorphicKey(ObjectKeyOf(pending.Regarding), pending.Related is null ? null : ObjectKeyOf(pending.Related), pending.Reason, pending.Type, pending.Action);
        try
        {
            if (_series.TryGet(key, out var state) && pending.ObservedAt - state.LastObserved <= _options.SeriesWindow)
            {
                var series = new Eventsv1EventSeries { Count = state.Count + 1, LastObservedTime = pending.ObservedAt.UtcDateTime };
                try
                {
                    await WithRetriesAsync(ct => _sink.PatchSeriesAsync(state.Namespace, state.Name, series, ct), cancellationToken);
                    _series.Set(key, state with { Count = series.Count, LastObserved = pending.ObservedAt });
                    Stats.SeriesUpdated();
                    return;
                }
                catch (Exception ex) when (KubeErrors.IsNotFound(ex))
                {
                    // The Event expired (TTL) or was deleted: start over with a new one.
                    _series.Remove(key);
                }
            }

            var body = Build(pending);
            await WithRetriesAsync(ct => _sink.CreateAsync(body, ct), cancellationToken);
            _series.Set(key, new SeriesState(body.Metadata.NamespaceProperty, body.Metadata.Name, 1, pending.ObservedAt));
            Stats.CreatedOne();
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            Stats.FailedOne();
            Log.SendFailed(_logger, ex, Describe(pending.Regarding), pending.Reason, KubeErrors.StatusCode(ex));
        }
    }

    private async Task WithRetriesAsync(Func<CancellationToken, Task> write, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await write(cancellationToken);
                return;
            }
            catch (Exception ex) when (attempt < _options.MaxAttempts && IsTransient(ex) && !cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(_options.RetryDelay * attempt, _time, cancellationToken);
            }
        }
    }

    private static bool IsTransient(Exception ex) =>
        KubeErrors.StatusCode(ex) is null or 429 or >= 500 && ex is not (ArgumentException or InvalidOperationException);

    private Eventsv1Event Build(Pending pending)
    {
        var regarding = pending.Regarding;
        var ns = string.IsNullOrEmpty(regarding.NamespaceProperty) ? "default" : regarding.NamespaceProperty;
        var nanos = (pending.ObservedAt - DateTimeOffset.UnixEpoch).Ticks * 100;

        // client-go names events <regarding>.<hex unix nanos>.
        var name = $"{regarding.Name}.{nanos.ToString("x", CultureInfo.InvariantCulture)}";
        return new Eventsv1Event
        {
            ApiVersion = "events.k8s.io/v1",
            Kind = "Event",
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns },
            Regarding = regarding,
            Related = pending.Related,
            Type = pending.Type,
            Reason = pending.Reason,
            Action = pending.Action,
            Note = pending.Note,
            EventTime = pending.ObservedAt.UtcDateTime,
            ReportingController = _options.ReportingController,
            ReportingInstance = _instance,
        };
    }

    private static string ObjectKeyOf(V1ObjectReference reference) =>
        string.IsNullOrEmpty(reference.Uid)
            ? $"{reference.ApiVersion}/{reference.Kind}/{reference.NamespaceProperty}/{reference.Name}"
            : $"{reference.Kind}/{reference.Uid}";

    private static string Describe(V1ObjectReference reference) =>
        string.IsNullOrEmpty(reference.NamespaceProperty) ? $"{reference.Kind}/{reference.Name}" : $"{reference.Kind} {reference.NamespaceProperty}/{reference.Name}";

    private static string Truncate(string value, int max) => value.Length <= max ? value : value[..max];

    private static string TruncateUtf8(string value, int maxBytes)
    {
        if (Encoding.UTF8.GetByteCount(value) <= maxBytes)
            return value;
        var end = Math.Min(value.Length, maxBytes);
        while (end > 0 && Encoding.UTF8.GetByteCount(value.AsSpan(0, end)) > maxBytes)
            end--;
        if (end > 0 && char.IsHighSurrogate(value[end - 1]))
            end--;
        return value[..end];
    }

    private sealed record Pending(V1ObjectReference Regarding, V1ObjectReference? Related, string Type, string Reason, string Action, string Note, DateTimeOffset ObservedAt);

    private readonly record struct IsomorphicKey(string Regarding, string? Related, string Reason, string Type, string Action);

    private sealed record SeriesState(string Namespace, string Name, int Count, DateTimeOffset LastObserved);

    private static partial class Log
    {
        [LoggerMessage(40, LogLevel.Debug, "Event {Reason} about {Object} dropped by the per-object spam limit")]
        public static partial void Spam(ILogger logger, string @object, string reason);

        [LoggerMessage(41, LogLevel.Warning, "Event {Reason} about {Object} dropped: the event queue is full")]
        public static partial void QueueFull(ILogger logger, string @object, string reason);

        [LoggerMessage(42, LogLevel.Warning, "Event {Reason} about {Object} could not be written (HTTP {StatusCode})")]
        public static partial void SendFailed(ILogger logger, Exception exception, string? @object, string? reason, int? statusCode);

        [LoggerMessage(43, LogLevel.Warning, "Event ignored: it needs a regarding object with a name, a reason and an action (object {Object}, reason {Reason})")]
        public static partial void Invalid(ILogger logger, string? @object, string? reason);
    }
}
