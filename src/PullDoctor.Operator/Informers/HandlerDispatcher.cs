using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace PullDoctor.Operator.Informers;

/// <summary>
/// Delivers events to one handler from its own unbounded channel and task, so a slow handler delays only
/// itself, never the watch read loop or other handlers (client-go's processorListener).
/// </summary>
internal sealed partial class HandlerDispatcher<T> : IDisposable
{
    private readonly Channel<InformerEvent<T>> _channel = Channel.CreateUnbounded<InformerEvent<T>>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Action<InformerEvent<T>> _handler;
    private readonly InformerStats _stats;
    private readonly ILogger _logger;
    private readonly string _informer;
    private readonly Task _pump;

    public HandlerDispatcher(Action<InformerEvent<T>> handler, InformerStats stats, ILogger logger, string informer)
    {
        _handler = handler;
        _stats = stats;
        _logger = logger;
        _informer = informer;
        _pump = Task.Run(PumpAsync);
    }

    public Action<HandlerDispatcher<T>>? OnDispose { get; set; }

    public int Pending => _channel.Reader.Count;

    public void Post(InformerEvent<T> change) => _channel.Writer.TryWrite(change);

    public void Complete() => _channel.Writer.TryComplete();

    public Task Completion => _pump;

    public void Dispose()
    {
        Complete();
        OnDispose?.Invoke(this);
    }

    private async Task PumpAsync()
    {
        await foreach (var change in _channel.Reader.ReadAllAsync())
        {
            try
            {
                _handler(change);
            }
            catch (Exception ex)
            {
                _stats.HandlerFailed();
                Log.HandlerFailed(_logger, ex, _informer, change.Type, change.Key.ToString());
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(20, LogLevel.Error, "Informer {Informer}: a handler threw on {EventType} {Key}")]
        public static partial void HandlerFailed(ILogger logger, Exception exception, string informer, InformerEventType eventType, string key);
    }
}
