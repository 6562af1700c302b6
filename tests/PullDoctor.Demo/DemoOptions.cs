using System.Globalization;

namespace PullDoctor.Demo;

/// <summary>The demo's command line: <c>[--once] [--no-registries] [--kubeconfig PATH] [--port N] [--timeout SECONDS]</c>.</summary>
internal sealed record DemoOptions
{
    public const string Usage = "usage: PullDoctor.Demo [--once] [--no-registries] [--kubeconfig PATH] [--port N] [--timeout SECONDS]";

    /// <summary>Exit after printing instead of serving until Ctrl-C.</summary>
    public bool Once { get; init; }

    /// <summary>Start no registries: only the causes that need none are staged (faster; what a machine without docker-registry gets).</summary>
    public bool NoRegistries { get; init; }

    public string Kubeconfig { get; init; } = Path.Combine(Path.GetTempPath(), "pulldoctor-demo-kubeconfig.yaml");

    /// <summary>The API server's port; 0 picks a free one.</summary>
    public int Port { get; init; }

    /// <summary>How long to wait for every diagnosis; generous, since a loaded 2-core machine is slow to start .NET parts.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(90);

    public bool Help { get; init; }

    /// <exception cref="ArgumentException">An unknown flag or a bad value; the message is one line.</exception>
    public static DemoOptions Parse(IReadOnlyList<string> args)
    {
        var options = new DemoOptions();
        for (var i = 0; i < args.Count; i++)
        {
            options = args[i] switch
            {
                "--once" => options with { Once = true },
                "--no-registries" => options with { NoRegistries = true },
                "--kubeconfig" => options with { Kubeconfig = Value(args, ref i) },
                "--port" => options with { Port = Number(args, ref i, 0, 65535) },
                "--timeout" => options with { Timeout = TimeSpan.FromSeconds(Number(args, ref i, 1, 3600)) },
                "-h" or "--help" => options with { Help = true },
                _ => throw new ArgumentException($"unknown argument {args[i]}"),
            };
        }

        return options;
    }

    private static string Value(IReadOnlyList<string> args, ref int i) =>
        ++i < args.Count ? args[i] : throw new ArgumentException($"{args[i - 1]} needs a value");

    private static int Number(IReadOnlyList<string> args, ref int i, int min, int max)
    {
        var flag = args[i];
        var text = Value(args, ref i);
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
            ? n
            : throw new ArgumentException($"{flag} takes a number from {min} to {max}, not \"{text}\"");
    }
}
