using System.Collections.Concurrent;
using System.Globalization;
using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace PullDoctor.Operator.Tests.Support;

/// <summary>Collects what an operator logged (every level), rendered, with whether each event carried an exception.</summary>
internal sealed class CapturingSink : ILogEventSink
{
    private readonly ConcurrentQueue<LogEvent> _events = new();

    public void Emit(LogEvent logEvent) => _events.Enqueue(logEvent);

    public ILogger Logger() => new LoggerConfiguration().MinimumLevel.Verbose().WriteTo.Sink(this).CreateLogger();

    public IReadOnlyList<string> Lines(LogEventLevel atLeast) =>
        _events.Where(e => e.Level >= atLeast).Select(e => e.RenderMessage(CultureInfo.InvariantCulture)).ToArray();

    public IReadOnlyList<string> WithExceptions(LogEventLevel atLeast) =>
        _events.Where(e => e.Level >= atLeast && e.Exception is not null).Select(e => $"{e.RenderMessage(CultureInfo.InvariantCulture)}: {e.Exception}").ToArray();

    /// <summary>Everything logged, as text: messages, every property's value and exceptions.</summary>
    public string All() => string.Join(
        "\n",
        _events.Select(e => e.RenderMessage(CultureInfo.InvariantCulture) + " " + string.Join(" ", e.Properties.Select(p => $"{p.Key}={p.Value}")) + (e.Exception is null ? string.Empty : " " + e.Exception)));
}
