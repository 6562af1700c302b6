using System.Globalization;

namespace PullDoctor.Bench.Operator;

/// <summary>Command-line options of the benchmark.</summary>
internal sealed class BenchSettings
{
    public HashSet<string> Scenarios { get; private init; } = new(StringComparer.Ordinal) { "scale", "burst", "churn", "retry" };

    public int RetryPods { get; private init; } = 1_000;

    public int RetrySeconds { get; private init; } = 40;

    public int RetryBackoffSeconds { get; private init; } = 10;

    /// <summary>Run the operator with the chart's DOTNET_* settings (deploy/deployment.yaml); off measures the runtime's defaults.</summary>
    public bool ChartRuntime { get; private init; } = true;

    public List<int> Sizes { get; private init; } = [1_000, 10_000, 100_000];

    public int BurstPods { get; private init; } = 1_000;

    public int BurstBackground { get; private init; } = 10_000;

    public int ChurnPods { get; private init; } = 10_000;

    public int ChurnRate { get; private init; } = 2_000;

    public int ChurnSeconds { get; private init; } = 20;

    public int SyncTimeoutSeconds { get; private init; } = 300;

    public bool Baseline { get; private init; } = true;

    public bool Restart { get; private init; } = true;

    /// <summary>Extra environment for the operator process (experiments, e.g. DOTNET_GCgen0size).</summary>
    public Dictionary<string, string> OperatorEnvironment { get; private init; } = new(StringComparer.Ordinal);

    public required string RepositoryRoot { get; init; }

    public required string OutputDirectory { get; init; }

    public required string WorkDirectory { get; init; }

    public required string OperatorDll { get; init; }

    public required string BenchDll { get; init; }

    public const string Usage = """
        dotnet run -c Release --project bench/PullDoctor.Bench.Operator -- [options]
          --scenarios all|scale,burst,churn,retry   which scenarios (default all)
          --retry-pods 1000 --retry-seconds 40 --retry-backoff 10   stuck pods the kubelet retries, how long, how often
          --sizes 1000,10000,100000           pod counts of the scale scenarios (1% stuck)
          --burst 1000 --burst-background 10000
          --churn-pods 10000 --churn-rate 2000 --churn-seconds 20
          --no-baseline --no-restart          skip the full-cache baseline / the operator restart check
          --sync-timeout 300                  seconds to wait for an initial sync
          --out bench/results                 where latest.json and latest.md go
          --operator-env KEY=VALUE            extra environment for the operator process (repeatable)
          --no-chart-runtime                  without the chart's DOTNET_* settings (the runtime's defaults)
          --operator-dll PATH                 pulldoctor.dll (default: src/PullDoctor/bin/<config>/net10.0)
        """;

    public static BenchSettings Parse(string[] args)
    {
        var root = FindRepositoryRoot();
        var config = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
        string Value(ref int i) => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
        List<int> Ints(string s) => [.. s.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(x => int.Parse(x.Replace("_", string.Empty, StringComparison.Ordinal), CultureInfo.InvariantCulture))];
        var scenarios = new HashSet<string>(StringComparer.Ordinal) { "scale", "burst", "churn", "retry" };
        int retryPods = 1_000, retrySeconds = 40, retryBackoff = 10;
        var chartRuntime = true;
        var sizes = new List<int> { 1_000, 10_000, 100_000 };
        int burst = 1_000, background = 10_000, churnPods = 10_000, rate = 2_000, seconds = 20, timeout = 300;
        bool baseline = true, restart = true;
        var operatorEnv = new Dictionary<string, string>(StringComparer.Ordinal);
        var output = Path.Combine(root, "bench/results");
        var operatorDll = Path.Combine(root, "src/PullDoctor/bin", config, "net10.0/pulldoctor.dll");
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--scenarios":
                    var list = Value(ref i);
                    scenarios = list == "all" ? scenarios : new HashSet<string>(list.Split(','), StringComparer.Ordinal);
                    break;
                case "--sizes": sizes = Ints(Value(ref i)); break;
                case "--burst": burst = Ints(Value(ref i))[0]; break;
                case "--burst-background": background = Ints(Value(ref i))[0]; break;
                case "--churn-pods": churnPods = Ints(Value(ref i))[0]; break;
                case "--churn-rate": rate = Ints(Value(ref i))[0]; break;
                case "--churn-seconds": seconds = Ints(Value(ref i))[0]; break;
                case "--sync-timeout": timeout = Ints(Value(ref i))[0]; break;
                case "--no-baseline": baseline = false; break;
                case "--operator-env":
                    var pair = Value(ref i).Split('=', 2);
                    operatorEnv[pair[0]] = pair.Length > 1 ? pair[1] : string.Empty;
                    break;
                case "--no-restart": restart = false; break;
                case "--retry-pods": retryPods = Ints(Value(ref i))[0]; break;
                case "--retry-seconds": retrySeconds = Ints(Value(ref i))[0]; break;
                case "--retry-backoff": retryBackoff = Ints(Value(ref i))[0]; break;
                case "--no-chart-runtime": chartRuntime = false; break;
                case "--out": output = Path.GetFullPath(Value(ref i)); break;
                case "--operator-dll": operatorDll = Path.GetFullPath(Value(ref i)); break;
                default: throw new ArgumentException($"unknown option {args[i]}\n{Usage}");
            }
        }

        return new BenchSettings
        {
            Scenarios = scenarios,
            Sizes = sizes,
            BurstPods = burst,
            BurstBackground = background,
            ChurnPods = churnPods,
            ChurnRate = rate,
            ChurnSeconds = seconds,
            SyncTimeoutSeconds = timeout,
            Baseline = baseline,
            Restart = restart,
            RetryPods = retryPods,
            RetrySeconds = retrySeconds,
            RetryBackoffSeconds = retryBackoff,
            ChartRuntime = chartRuntime,
            OperatorEnvironment = operatorEnv,
            RepositoryRoot = root,
            OutputDirectory = output,
            WorkDirectory = Directory.CreateTempSubdirectory("pulldoctor-bench-").FullName,
            OperatorDll = operatorDll,
            BenchDll = Path.Combine(AppContext.BaseDirectory, "PullDoctor.Bench.Operator.dll"),
        };
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PullDoctor.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("PullDoctor.sln not found above " + AppContext.BaseDirectory);
    }
}
