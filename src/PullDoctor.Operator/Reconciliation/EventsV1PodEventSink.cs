using System.Globalization;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace PullDoctor.Operator.Reconciliation;

/// <summary>
/// Writes events.k8s.io/v1 Events on pods in the background (a bounded channel; dropped when full, as
/// client-go's broadcaster does), with reportingController <c>pulldoctor.dev/operator</c>.
/// </summary>
public sealed partial class EventsV1PodEventSink : IPodEventSink, IAsyncDisposable
{
    public const string ReportingController = "pulldoctor.dev/operator";
    public const string Action = "DiagnoseImagePull";

    private readonly IKubernetes _client;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly string _instance;
    private readonly System.Threading.Channels.Channel<Eventsv1Event> _pending =
        System.Threading.Channels.Channel.CreateBounded<Eventsv1Event>(new System.Threading.Channels.BoundedChannelOptions(1000) { FullMode = System.Threading.Channels.BoundedChannelFullMode.DropWrite, SingleReader = true });

    private readonly Task _sender;
    private long _posted;
    private long _failed;

    public EventsV1PodEventSink(IKubernetes client, TimeProvider time, ILogger<EventsV1PodEventSink> logger, string instance)
    {
        _client = client;
        _time = time;
        _logger = logger;
        _instance = instance.Length <= 128 ? instance : instance[..128];
        _sender = Task.Run(SendAsync);
    }

    public long Posted => Interlocked.Read(ref _posted);

    public long Failed => Interlocked.Read(ref _failed);

    public void Post(PodIdentity pod, string type, string reason, string note)
    {
        ArgumentNullException.ThrowIfNull(pod);
        var now = _time.GetUtcNow();
        var e = new Eventsv1Event
        {
            Metadata = new V1ObjectMeta
            {
                Name = $"{pod.Name}.{(now.UtcTicks * 100).ToString("x", CultureInfo.InvariantCulture)}",
                NamespaceProperty = pod.Namespace,
            },
            Regarding = new V1ObjectReference { ApiVersion = "v1", Kind = "Pod", Name = pod.Name, NamespaceProperty = pod.Namespace, Uid = pod.Uid },
            Type = type,
            Reason = reason,
            Action = Action,
            Note = note.Length <= 1024 ? note : note[..1023] + "…",
            EventTime = now.UtcDateTime,
            ReportingController = ReportingController,
            ReportingInstance = _instance,
        };
        if (!_pending.Writer.TryWrite(e))
        {
            Interlocked.Increment(ref _failed);
        }
    }

    /// <summary>Completes when every Event queued so far has been sent (or given up on).</summary>
    public async ValueTask DisposeAsync()
    {
        _pending.Writer.TryComplete();
        await _sender;
    }

    private async Task SendAsync()
    {
        await foreach (var e in _pending.Reader.ReadAllAsync())
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await _client.EventsV1.CreateNamespacedEventAsync(e, e.Metadata.NamespaceProperty);
                    Interlocked.Increment(ref _posted);
                    break;
                }
                catch (Exception ex) when (attempt < 5)
                {
                    Log.Retrying(_logger, ex, e.Reason, e.Regarding.Name, attempt);
                    await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt), _time);
                }
                catch (Exception ex)
                {
                    Interlocked.Increment(ref _failed);
                    Log.GaveUp(_logger, ex, e.Reason, e.Regarding.Name);
                    break;
                }
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(300, LogLevel.Debug, "Event {Reason} on pod {Pod} failed (attempt {Attempt}), retrying")]
        public static partial void Retrying(ILogger logger, Exception exception, string reason, string pod, int attempt);

        [LoggerMessage(301, LogLevel.Warning, "Event {Reason} on pod {Pod} could not be written")]
        public static partial void GaveUp(ILogger logger, Exception exception, string reason, string pod);
    }
}
