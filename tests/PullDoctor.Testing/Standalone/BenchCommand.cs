using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using PullDoctor.Testing.Api;

namespace PullDoctor.Testing.Standalone;

/// <summary>
/// <c>bench [--pods N] [--watchers N] [--events N]</c>: measures what the benchmarks rely on:
/// seeding, paginated and full lists of N realistic pods over HTTP, and watch fan-out (events
/// delivered per second to W concurrent HTTP watchers while pods' statuses change).
/// </summary>
internal static class BenchCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var pods = 100_000;
        var watchers = 10;
        var events = 20_000;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--pods":
                    pods = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--watchers":
                    watchers = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--events":
                    events = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                default:
                    throw new ArgumentException($"unknown argument {args[i]}");
            }
        }

        await using var server = await KubeApiServer.StartAsync(new KubeApiServerOptions { WatchHistorySize = Math.Max(10_000, events + 10), BookmarkInterval = TimeSpan.FromMinutes(1) });
        using var http = new HttpClient { BaseAddress = server.Url, Timeout = TimeSpan.FromMinutes(10) };
        var podType = server.Resources.Registry.Find(string.Empty, "v1", "pods")!;
        var namespaces = 50;
        for (var n = 0; n < namespaces; n++)
        {
            server.EnsureNamespace($"ns-{n:D2}");
        }

        // Seeding (in-process, through the full create path: decode, defaults, validation, managedFields).
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, load average {LoadAverage()}");
        Mark();
        var sw = Stopwatch.StartNew();
        var bytes = 0L;
        await Parallel.ForAsync(0, pods, new ParallelOptions { MaxDegreeOfParallelism = 2 }, (i, _) =>
        {
            var created = server.Resources.Create(podType, $"ns-{i % namespaces:D2}", RealisticPod(i), new WriteOptions { FieldManager = "bench" });
            Interlocked.Add(ref bytes, created.ToJsonString().Length);
            return ValueTask.CompletedTask;
        });
        Report($"seed {pods:N0} pods (avg {bytes / Math.Max(1, pods):N0} B) in-process", sw.Elapsed, pods, "pods/s");

        // HTTP create throughput, 8 concurrent clients.
        var httpCreates = Math.Min(5_000, pods / 10);
        Mark();
        sw.Restart();
        await Parallel.ForAsync(0, httpCreates, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
        {
            using var content = new StringContent(RealisticPod(pods + i).ToJsonString(), System.Text.Encoding.UTF8, "application/json");
            using var response = await http.PostAsync($"/api/v1/namespaces/ns-{i % namespaces:D2}/pods", content, ct);
            response.EnsureSuccessStatusCode();
        });
        Report($"create {httpCreates:N0} pods over HTTP (8 clients)", sw.Elapsed, httpCreates, "creates/s");
        var total = pods + httpCreates;

        // Paginated list of everything, limit=500, as an informer's initial list does.
        foreach (var parse in new[] { false, true })
        {
            Mark();
            sw.Restart();
            var (count, pages, transferred) = await ListAllAsync(http, 500, parse);
            Report($"list {count:N0} pods, {pages} pages of 500{(parse ? " + JsonDocument parse" : string.Empty)} ({transferred / 1048576.0:N0} MiB)", sw.Elapsed, count, "pods/s");
            if (count != total)
            {
                throw new InvalidOperationException($"listed {count}, expected {total}");
            }
        }

        Mark();
        sw.Restart();
        var (all, _, allBytes) = await ListAllAsync(http, 0, false);
        Report($"list {all:N0} pods unpaginated ({allBytes / 1048576.0:N0} MiB)", sw.Elapsed, all, "pods/s");

        // Watch fan-out: W watchers on all pods; status changes made in-process as fast as possible.
        var rv = server.ResourceVersion;
        var delivered = new long[watchers];
        var expected = (long)events;
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var readers = Enumerable.Range(0, watchers).Select(w => Task.Run(() => CountWatchAsync(http, rv, expected, c => delivered[w] = c, cts.Token))).ToArray();
        await WaitForWatchersAsync(server, watchers);
        Mark();
        sw.Restart();
        var writer = Task.Run(() =>
        {
            for (var i = 0; i < events; i++)
            {
                var name = $"pod-{i % pods:D6}";
                var patch = JsonNode.Parse($$$"""{"status":{"phase":"Running","podIP":"10.0.{{{i % 250}}}.{{{i % 200}}}","startTime":"2025-01-01T00:00:{{{i % 60:D2}}}Z"}}""");
                server.Resources.Patch(podType, $"ns-{i % pods % namespaces:D2}", name, "application/merge-patch+json", patch, "status", new WriteOptions { FieldManager = "bench" });
            }
        });
        await writer;
        var writeTime = sw.Elapsed;
        await Task.WhenAll(readers);
        var fanOut = sw.Elapsed;
        Console.WriteLine($"status patches in-process (while {watchers} watchers read): {writeTime.TotalSeconds:N2} s wall, {events / writeTime.TotalSeconds:N0} writes/s");
        Report($"watch fan-out: {events:N0} events x {watchers} watchers delivered", fanOut, delivered.Sum(), "events/s");
        return 0;
    }

    private static TimeSpan _cpuMark = Process.GetCurrentProcess().TotalProcessorTime;

    /// <summary>Prints wall-clock and process-CPU rates; the CPU rate does not depend on what else the machine runs.</summary>
    private static void Report(string what, TimeSpan elapsed, long count, string unit)
    {
        var cpuNow = Process.GetCurrentProcess().TotalProcessorTime;
        var cpu = cpuNow - _cpuMark;
        _cpuMark = cpuNow;
        Console.WriteLine($"{what,-78} {elapsed.TotalSeconds,7:N2} s wall {count / elapsed.TotalSeconds,10:N0} {unit} | {cpu.TotalSeconds,7:N2} s CPU {count / Math.Max(0.001, cpu.TotalSeconds),10:N0} {unit}/CPU-s");
    }

    private static void Mark() => _cpuMark = Process.GetCurrentProcess().TotalProcessorTime;

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private static async Task WaitForWatchersAsync(KubeApiServer server, int watchers)
    {
        var table = server.Resources.TableOf(server.Resources.Registry.Find(string.Empty, "v1", "pods")!);
        while (true)
        {
            lock (server.Resources.Store.Gate)
            {
                if (table.Watchers.Count >= watchers)
                {
                    return;
                }
            }

            await Task.Delay(10);
        }
    }

    private static async Task<(int Count, int Pages, long Bytes)> ListAllAsync(HttpClient http, int limit, bool parse)
    {
        var count = 0;
        var pages = 0;
        long bytes = 0;
        string? token = null;
        do
        {
            var url = limit > 0 ? $"/api/v1/pods?limit={limit}" + (token is null ? string.Empty : $"&continue={token}") : "/api/v1/pods";
            var body = await http.GetByteArrayAsync(url);
            bytes += body.Length;
            pages++;
            if (parse)
            {
                using var doc = JsonDocument.Parse(body);
                count += doc.RootElement.GetProperty("items").GetArrayLength();
                token = doc.RootElement.GetProperty("metadata").TryGetProperty("continue", out var c) ? c.GetString() : null;
            }
            else
            {
                var reader = new Utf8JsonReader(body);
                token = null;
                var depth = 0;
                string? property = null;
                while (reader.Read())
                {
                    switch (reader.TokenType)
                    {
                        case JsonTokenType.StartObject or JsonTokenType.StartArray:
                            if (depth == 2 && property == "items" && reader.TokenType == JsonTokenType.StartObject)
                            {
                                count++;
                            }

                            depth++;
                            if (depth > 2)
                            {
                                reader.Skip();
                                depth--;
                            }

                            break;
                        case JsonTokenType.EndObject or JsonTokenType.EndArray:
                            depth--;
                            break;
                        case JsonTokenType.PropertyName:
                            property = reader.GetString();
                            break;
                        case JsonTokenType.String when property == "continue":
                            token = reader.GetString();
                            break;
                        default:
                            break;
                    }
                }
            }
        }
        while (!string.IsNullOrEmpty(token));
        return (count, pages, bytes);
    }

    private static async Task CountWatchAsync(HttpClient http, long rv, long expected, Action<long> report, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync($"/api/v1/pods?watch=1&resourceVersion={rv}", HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[1 << 16];
        long lines = 0;
        while (lines < expected)
        {
            var read = await stream.ReadAsync(buffer, cancellationToken);
            if (read == 0)
            {
                break;
            }

            lines += buffer.AsSpan(0, read).Count((byte)'\n');
        }

        report(lines);
    }

    /// <summary>A pod of the size a real cluster stores (about 3 KB with defaults and managedFields).</summary>
    private static JsonObject RealisticPod(int i)
    {
        var app = $"app-{i % 300}";
        return JsonNode.Parse($$$"""
            {
              "apiVersion": "v1", "kind": "Pod",
              "metadata": {
                "name": "pod-{{{i:D6}}}",
                "labels": {"app": "{{{app}}}", "pod-template-hash": "7c9d{{{i % 97}}}", "tier": "backend"},
                "annotations": {"kubectl.kubernetes.io/restartedAt": "2025-01-01T00:00:00Z", "prometheus.io/scrape": "true"},
                "ownerReferences": [{"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": "{{{app}}}-7c9d", "uid": "00000000-0000-0000-0000-{{{i % 300:D12}}}", "controller": true, "blockOwnerDeletion": true}]
              },
              "spec": {
                "nodeName": "node-{{{i % 200}}}",
                "containers": [
                  {"name": "main", "image": "registry.example.com/team/{{{app}}}:1.{{{i % 9}}}.0",
                   "ports": [{"containerPort": 8080, "protocol": "TCP"}],
                   "env": [{"name": "LOG_LEVEL", "value": "info"}, {"name": "POD_NAME", "valueFrom": {"fieldRef": {"fieldPath": "metadata.name"} } }],
                   "resources": {"requests": {"cpu": "100m", "memory": "128Mi"}, "limits": {"memory": "256Mi"}},
                   "volumeMounts": [{"name": "config", "mountPath": "/etc/app"}],
                   "readinessProbe": {"httpGet": {"path": "/ready", "port": 8080}, "periodSeconds": 10}},
                  {"name": "sidecar", "image": "registry.example.com/infra/proxy:2.3.1",
                   "resources": {"requests": {"cpu": "50m", "memory": "64Mi"} } }
                ],
                "volumes": [{"name": "config", "configMap": {"name": "{{{app}}}-config"}}],
                "imagePullSecrets": [{"name": "registry-credentials"}]
              }
            }
            """)!.AsObject();
    }
}
