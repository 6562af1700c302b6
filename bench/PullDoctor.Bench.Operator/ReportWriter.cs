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
        md.AppendLine("| scenario | pods | stuck | initial sync s | operator CPU s | operator peak RSS MiB | RSS anon / file / shmem MiB (end) | baseline peak RSS MiB | baseline/operator | CPU/event µs | V1Pod deserialize/event µs | CPU/V1Pod | reader pass/event µs | CPU/reader | time to diagnosis p50/p95/p99 ms | API writes per stuck pod | API reads per stuck pod | requests per kubelet retry | Events | registry requests (manifests) | writes on restart |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in results)
        {
            md.AppendLine(Inv($"| {r.Name} | {r.Pods:N0} | {r.Stuck:N0} | {F(r.InitialSyncSeconds)} | {r.OperatorCpuSeconds:N2} | {r.OperatorPeakRssMiB:N0} | {F(r.OperatorRssAnonMiB, "N0")} / {F(r.OperatorRssFileMiB, "N0")} / {F(r.OperatorRssShmemMiB, "N0")} | {F(r.BaselinePeakRssMiB, "N0")} | {F(r.BaselineToOperatorRssRatio)} | {F(r.CpuPerEventMicros, "N1")} | {F(r.RawParsePerEventMicros, "N1")} | {F(r.CpuToRawParseRatio)} | {F(r.ReaderPassPerEventMicros, "N2")} | {F(r.CpuToReaderPassRatio)} | {P(r.TimeToDiagnosisMs)} | {F(r.ApiWritesPerStuckPod)} | {F(r.ApiReadsPerStuckPod, "N3")} | {F(r.ApiRequestsPerRetry, "N4")}{(r.KubeletRetries is { } n ? Inv($" ({n:N0} retries)") : string.Empty)} | {r.EventsWritten:N0} | {r.RegistryRequests} ({r.RegistryManifestRequests}) | {F(r.RestartWrites)} |"));
        }

        if (results.FirstOrDefault(r => r.OperatorEnvironment.Count > 0) is { } withEnv)
        {
            md.AppendLine();
            md.AppendLine("Operator runtime settings (the chart's, from deploy/deployment.yaml): " + string.Join(", ", withEnv.OperatorEnvironment.Select(kv => $"`{kv.Key}={kv.Value}`")) + ".");
        }

        md.AppendLine();
        md.AppendLine("CPU/event: scale rows divide the operator's CPU from process start to initial sync (runtime start-up and JIT included) by the listed pods, against KubernetesJson deserialization into V1Pod and a plain Utf8JsonReader pass (every token, nothing built) over the same LIST pages; burst and churn rows divide the CPU during the window by the pod watch events, against the same two over the same watch lines; the retry row divides by kubelet retries. API reads: get and list requests (watches aside: each is one request open since its informer started) while the pods became stuck (scale: the warm pods after sync; burst: the burst; retry: the whole run, initial lists included). Time to diagnosis: from the pod's status write to the API server until the diagnosis status write completes (API server request log).");
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
            targets.Add(new($"operator peak RSS ≤ 100 MiB ({at}, 1% stuck)", Inv($"{largest.OperatorPeakRssMiB:N0} MiB"), largest.OperatorPeakRssMiB <= 100 ? "pass" : Inv($"MISS by {largest.OperatorPeakRssMiB - 100:N0} MiB")));
            var limit = largest.BaselinePeakRssMiB / 20;
            targets.Add(new($"operator peak RSS ≥ 20× below the full-cache baseline ({at})", Inv($"{largest.OperatorPeakRssMiB:N0} MiB vs baseline {F(largest.BaselinePeakRssMiB, "N0")} MiB ({F(largest.BaselineToOperatorRssRatio)}×)"), limit is null ? "n/a" : largest.OperatorPeakRssMiB <= limit ? "pass" : Inv($"MISS: {largest.BaselineToOperatorRssRatio:N1}×")));
        }

        if (scale.FirstOrDefault(r => r.Pods == 1_000) is { } small)
        {
            targets.Add(new("operator peak RSS ≤ 80 MiB (1,000 pods)", Inv($"{small.OperatorPeakRssMiB:N0} MiB"), small.OperatorPeakRssMiB <= 80 ? "pass" : Inv($"MISS by {small.OperatorPeakRssMiB - 80:N0} MiB")));
        }

        foreach (var r in results.Where(r => (r.Name.StartsWith("churn", StringComparison.Ordinal) || r.Pods >= 100_000 && r.Name.StartsWith("scale-", StringComparison.Ordinal)) && r.CpuToRawParseRatio is not null))
        {
            targets.Add(new($"CPU per pod event ≤ 0.5× V1Pod deserialization ({r.Name})", Inv($"{F(r.CpuPerEventMicros, "N1")} µs vs {F(r.RawParsePerEventMicros, "N1")} µs = {r.CpuToRawParseRatio:N2}×"), r.CpuToRawParseRatio <= 0.5 ? "pass" : Inv($"MISS: {r.CpuToRawParseRatio:N2}×")));
            targets.Add(new($"CPU per pod event within 3× a plain reader pass ({r.Name})", Inv($"{F(r.CpuPerEventMicros, "N1")} µs vs {F(r.ReaderPassPerEventMicros, "N2")} µs = {F(r.CpuToReaderPassRatio)}×"), r.CpuToReaderPassRatio <= 3 ? "pass" : Inv($"MISS: {F(r.CpuToReaderPassRatio)}×")));
        }

        foreach (var r in results.Where(r => r.ApiRequestsPerRetry is not null))
        {
            targets.Add(new($"0 API requests per kubelet retry ({r.Name})", Inv($"{r.ApiRequestsPerRetry:N4} per retry ({r.KubeletRetries:N0} retries)"), r.ApiRequestsPerRetry == 0 ? "pass" : "MISS (see the requests in the notes)"));
        }

        foreach (var r in results.Where(r => r.ApiReadsPerStuckPod is not null && !r.Name.StartsWith("retry", StringComparison.Ordinal)))
        {
            targets.Add(new($"no API reads per newly stuck pod beyond TTL-cached ones ({r.Name})", Inv($"{r.ApiReadsPerStuckPod:N3} reads per pod ({r.NewlyStuckPods} pods; see apiRequests in latest.json)"), r.ApiReadsPerStuckPod < 1 ? "pass (below one read per pod: only shared, TTL-cached reads)" : "MISS"));
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
