using Serilog;
using Serilog.Events;
using Serilog.Formatting.Compact;

namespace PullDoctor.Operator.Observability;

/// <summary>Serilog to stdout: compact JSON in the cluster (stdout is not a terminal), readable text on a terminal.</summary>
public static class Logging
{
    public static bool UsesJson(string format) => format switch
    {
        "json" => true,
        "text" => false,
        _ => Console.IsOutputRedirected,
    };

    public static Serilog.ILogger Create(string format, string level)
    {
        ArgumentNullException.ThrowIfNull(format);
        var configuration = new LoggerConfiguration()
            .MinimumLevel.Is(Enum.Parse<LogEventLevel>(level, ignoreCase: true))
            .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
            .MinimumLevel.Override("System.Net.Http", LogEventLevel.Warning)
            .Enrich.FromLogContext();
        configuration = UsesJson(format)
            ? configuration.WriteTo.Console(new CompactJsonFormatter())
            : configuration.WriteTo.Console(outputTemplate: "{Timestamp:HH:mm:ss} {Level:u3} {Message:lj}{NewLine}{Exception}");
        return configuration.CreateLogger();
    }
}
