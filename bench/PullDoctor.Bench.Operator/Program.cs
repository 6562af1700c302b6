using System.Globalization;
using PullDoctor.Bench.Operator;
using PullDoctor.RegistryFixtures;

if (args.Length >= 3 && args[0] == "baseline" && args[1] == "--kubeconfig")
{
    return await BaselineInformer.RunAsync(args[2]);
}

if (args.Contains("--help") || args.Contains("-h"))
{
    Console.WriteLine(BenchSettings.Usage);
    return 0;
}

var settings = BenchSettings.Parse(args);
if (!File.Exists(settings.OperatorDll))
{
    Console.Error.WriteLine($"operator not built: {settings.OperatorDll} (dotnet build -c Release src/PullDoctor, or --operator-dll)");
    return 2;
}

var startedAt = DateTimeOffset.UtcNow;
var load = File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
Console.WriteLine($"PullDoctor operator benchmark: {Environment.ProcessorCount} cores, load average {load}; work dir {settings.WorkDirectory}");
await using var registry = await TestRegistry.StartAsync(RegistryOptions.Anonymous);
await using var front = await NginxFrontFixture.StartAsync(new NginxFrontOptions { Upstream = registry });
await ScenarioRunner.PrepareRegistryAsync(registry);
var runner = new ScenarioRunner(settings, front);
var results = new List<ScenarioResult>();

async Task RunAsync(string label, Func<Task<ScenarioResult>> scenario)
{
    Console.WriteLine($"[{DateTimeOffset.UtcNow:HH:mm:ss}] {label}");
    try
    {
        var result = await scenario();
        results.Add(result);
        Console.WriteLine($"  {ReportWriter.OneLine(result)}");
    }
    catch (Exception ex) when (ex is TimeoutException or InvalidOperationException or HttpRequestException)
    {
        Console.Error.WriteLine($"  {label} failed: {ex.Message}");
        results.Add(new ScenarioResult { Name = label, Description = "FAILED: " + ex.Message });
    }

    ReportWriter.Write(settings, results, startedAt, load);
}

if (settings.Scenarios.Contains("scale"))
{
    foreach (var size in settings.Sizes)
    {
        await RunAsync(string.Create(CultureInfo.InvariantCulture, $"scale-{size}"), () => runner.ScaleAsync(size));
    }
}

if (settings.Scenarios.Contains("burst"))
{
    await RunAsync("burst", () => runner.BurstAsync(settings.BurstBackground, settings.BurstPods));
}

if (settings.Scenarios.Contains("churn"))
{
    await RunAsync("churn", () => runner.ChurnAsync(settings.ChurnPods, settings.ChurnRate, settings.ChurnSeconds));
}

if (settings.Scenarios.Contains("retry"))
{
    await RunAsync("retry", () => runner.RetryAsync(settings.RetryPods, settings.RetrySeconds, settings.RetryBackoffSeconds));
}

Console.WriteLine($"done in {(DateTimeOffset.UtcNow - startedAt).TotalMinutes:N1} min; wrote {settings.OutputDirectory}/latest.json and latest.md");
return 0;
