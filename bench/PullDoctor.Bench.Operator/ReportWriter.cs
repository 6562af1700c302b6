using System.Globalization;
using System.Text;
using System.Text.Json;

namespace PullDoctor.Bench.Operator;

/// <summary>Writes bench/results/latest.json (every figure) and latest.md (the table and the targets, pass or miss).</summary>
internal static class ReportWriter
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase, DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.Never };

    public static void Write(BenchSettings settings, IReadOnlyList<ScenarioResult> results, DateTimeOffset startedAt, string load)
    {
        Directory.CreateDirectory(settings.OutputDirectory);
        var targets = Targets(results);
        var document = new
        {
            generatedAt = DateTimeOffset.UtcNow,
            startedAt,
            machine = new { cores = Environment.ProcessorCount, loadAverageAtStart = load, os = System.Runtime.InteropServices.RuntimeInformation.OSDescription, runtime = Environment.Version.ToString() },
            command = "dotnet run -c Release --project bench/PullDoctor.Bench.Operator -- " + string.Join(' ', Environment.GetCommandLineArgs().Skip(1)),
            scenarios = results,
            targets,
        };
        File.WriteAllText(Path.Combine(settings.OutputDirectory, "latest.json"), JsonSerializer.Serialize(document, Json) + "\n");
        File.WriteAllText(Path.Combine(settings.OutputDirectory, "latest.md"), Markdown(results, targets, startedAt, load));
    }

    public static string OneLine(ScenarioResult r) => Inv($"{r.Name}: sync {F(r.InitialSyncSeconds)} s, CPU {r.OperatorCpuSeconds:N2} s, RSS {r.OperatorPeakRssMiB:N0} MiB (baseline {F(r.BaselinePeakRssMiB, "N0")}), CPU/event {F(r.CpuPerEventMicros)} µs vs raw {F(r.RawParsePerEventMicros)} µs, TTD p50/p95/p99 {P(r.TimeToDiagnosisMs)} ms, writes/stuck {F(r.ApiWritesPerStuckPod)}, events {r.EventsWritten}, registry {r.RegistryRequests}, restart writes {F(r.RestartWrites)}");

    public static string Markdown(IReadOnlyList<ScenarioResult> results, IReadOnlyList<TargetResult> targets, DateTimeOffset startedAt, string load)
    {
        var md = new StringBuilder();
        md.AppendLine(Inv($"Operator benchmark, {startedAt:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores (load average at start {load}; other processes were running)."));
        md.AppendLine();
        md.AppendLine("| scenario | pods | stuck | initial sync s | operator CPU s | operator peak RSS MiB | baseline peak RSS MiB | baseline/operator | CPU/event µs | raw parse/event µs | CPU/raw | time to diagnosis p50/p95/p99 ms | API writes per stuck pod | Events | registry requests (manifests) | writes on restart |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in results)
        {
            md.AppendLine(Inv($"| {r.Name} | {r.Pods:N0} | {r.Stuck:N0} | {F(r.InitialSyncSeconds)} | {r.OperatorCpuSeconds:N2} | {r.OperatorPeakRssMiB:N0} | {F(r.BaselinePeakRssMiB, "N0")} | {F(r.BaselineToOperatorRssRatio)} | {F(r.CpuPerEventMicros, "N1")} | {F(r.RawParsePerEventMicros, "N1")} | {F(r.CpuToRawParseRatio)} | {P(r.TimeToDiagnosisMs)} | {F(r.ApiWritesPerStuckPod)} | {r.EventsWritten:N0} | {r.RegistryRequests} ({r.RegistryManifestRequests}) | {F(r.RestartWrites)} |"));
        }

        md.AppendLine();
        md.AppendLine("CPU/event: scale rows divide the operator's CPU from process start to initial sync (runtime start-up and JIT included) by the listed pods, against KubernetesJson deserialization of the same LIST pages; burst and churn rows divide the CPU during the window by the pod watch events, against deserialization of the same watch lines. Time to diagnosis: from the pod's status write to the API server until the diagnosis status write completes (API server request log).");
        md.AppendLine();
        md.AppendLine("| target | measured | result |");
        md.AppendLine("|---|---|---|");
        foreach (var t in targets)
        {
            md.AppendLine($"| {t.Target} | {t.Measured} | {t.Result} |");
        }

        md.AppendLine();
        foreach (var r in results.Where(r => r.Notes.Count > 0 || r.Description.StartsWith("FAILED", StringComparison.Ordinal)))
        {
            md.AppendLine($"- {r.Name}: {r.Description}. {string.Join(" ", r.Notes)}");
        }

        return md.ToString();
    }

    private static List<TargetResult> Targets(IReadOnlyList<ScenarioResult> results)
    {
        var targets = new List<TargetResult>();
        var scale = results.Where(r => r.Name.StartsWith("scale-", StringComparison.Ordinal) && r.InitialSyncSeconds is not null).OrderBy(r => r.Pods).ToArray();
        var largest = scale.LastOrDefault();
        if (largest is not null)
        {
            var at = largest.Pods >= 100_000 ? "100k pods" : Inv($"{largest.Pods:N0} pods (100k not run)");
            var limit = largest.BaselinePeakRssMiB / 5;
            targets.Add(new($"operator peak RSS ≤ 1/5 of full-cache baseline ({at})", Inv($"{largest.OperatorPeakRssMiB:N0} MiB vs baseline {F(largest.BaselinePeakRssMiB, "N0")} MiB (limit {F(limit, "N0")})"), limit is null ? "n/a" : largest.OperatorPeakRssMiB <= limit ? "pass" : Inv($"MISS by {largest.OperatorPeakRssMiB - limit:N0} MiB")));
            targets.Add(new($"operator peak RSS < 200 MiB ({at})", Inv($"{largest.OperatorPeakRssMiB:N0} MiB"), largest.OperatorPeakRssMiB < 200 ? "pass" : Inv($"MISS by {largest.OperatorPeakRssMiB - 200:N0} MiB")));
        }

        foreach (var r in results.Where(r => r.CpuPerEventBasis.Contains("watch event", StringComparison.Ordinal) && r.CpuToRawParseRatio is not null))
        {
            targets.Add(new($"CPU per watch event ≤ 2× raw parse ({r.Name})", Inv($"{F(r.CpuPerEventMicros, "N1")} µs vs {F(r.RawParsePerEventMicros, "N1")} µs = {r.CpuToRawParseRatio:N2}×"), r.CpuToRawParseRatio <= 2 ? "pass" : Inv($"MISS: {r.CpuToRawParseRatio:N2}× (by {r.CpuToRawParseRatio / 2:N2}× the target)")));
        }

        foreach (var r in results.Where(r => r.TimeToDiagnosisMs is not null))
        {
            var burst = r.Name.StartsWith("burst", StringComparison.Ordinal);
            var limit = burst ? 3000 : 1000;
            var p99 = r.TimeToDiagnosisMs!.P99;
            targets.Add(new($"time to diagnosis p99 < {limit / 1000} s ({r.Name}: {r.TimeToDiagnosisBasis})", Inv($"p99 {p99:N0} ms ({r.TimeToDiagnosisMs.Samples} samples)"), p99 < limit ? "pass" : Inv($"MISS by {p99 - limit:N0} ms")));
        }

        foreach (var r in results.Where(r => r.ApiWritesPerStuckPod is not null))
        {
            var eventsPer = r.NewlyStuckPods == 0 ? 0 : (double)r.EventsWritten / r.NewlyStuckPods;
            var ok = r.ApiWritesPerStuckPod <= 2 && eventsPer <= 1;
            targets.Add(new($"≤ 2 API writes + 1 Event per newly stuck pod ({r.Name})", Inv($"{r.ApiWritesPerStuckPod:N2} writes + {eventsPer:N2} Events per pod ({r.NewlyStuckPods} pods)"), ok ? "pass" : "MISS"));
        }

        foreach (var r in results.Where(r => r.RestartWrites is not null))
        {
            targets.Add(new($"zero writes for unchanged pods on operator restart ({r.Name})", Inv($"{r.RestartWrites} writes"), r.RestartWrites == 0 ? "pass" : "MISS"));
        }

        foreach (var r in results.Where(r => r.Name.StartsWith("churn", StringComparison.Ordinal) && r.InitialSyncSeconds is not null))
        {
            targets.Add(new($"zero writes for unchanged pods under churn ({r.Name})", Inv($"{r.ApiWritesForUnchangedPods} writes"), r.ApiWritesForUnchangedPods == 0 ? "pass" : "MISS"));
        }

        foreach (var r in results.Where(r => r.Name.StartsWith("burst", StringComparison.Ordinal) && r.InitialSyncSeconds is not null))
        {
            targets.Add(new($"one registry probe for the whole burst ({r.Name})", Inv($"{r.RegistryRequests} registry requests ({r.RegistryManifestRequests} manifest), {F(r.RegistryDistinctRequests)} distinct"), r.RegistryRequests > 0 && r.RegistryRequests == r.RegistryDistinctRequests ? "pass (one probe: no request repeated)" : "MISS (see the requests in the notes)"));
        }

        return targets;
    }

    private static string F(double? value, string format = "N2") => value is { } v && !double.IsNaN(v) ? v.ToString(format, CultureInfo.InvariantCulture) : "–";

    private static string F(int? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "–";

    private static string P(Percentiles? p) => p is null ? "–" : Inv($"{p.P50:N0} / {p.P95:N0} / {p.P99:N0}");

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}

internal sealed record TargetResult(string Target, string Measured, string Result);
