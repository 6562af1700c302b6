using System.Diagnostics;
using System.Globalization;
using PullDoctor.RegistryFixtures;

namespace PullDoctor.Bench.Operator;

/// <summary>
/// Runs the scenarios: seeds a fresh API server, starts the operator as its own process, drives the kubelet's side,
/// and reads every figure from the API server's request log, the registry's access log and /proc.
/// </summary>
internal sealed class ScenarioRunner
{
    private const int WarmSamples = 20;
    private readonly BenchSettings _settings;
    private readonly NginxFrontFixture _front;
    private readonly string _registryHost;

    public ScenarioRunner(BenchSettings settings, NginxFrontFixture front)
    {
        _settings = settings;
        _front = front;
        _registryHost = front.Host;
    }

    private string Image(string repository, string tag) => _front.ImageReference(repository, tag);

    /// <summary>The bad images the 1% stuck pods use (all answer 404 on the registry: tag or repository missing).</summary>
    private string[] BadImages => [Image("team/app", "9.9.9"), Image("team/app", "9.9.8"), Image("team/nope", "1.0.0"), Image("team/cart", "7.0.0-rc1")];

    public static async Task PrepareRegistryAsync(TestRegistry registry)
    {
        await registry.PushTagsAsync("team/app", ["1.0.0", "1.1.0", "9.9.0"], ImagePlatforms.LinuxAmd64);
        await registry.PushTagsAsync("team/checkout", ["1.4.0", "1.5.0", "1.5.1"], ImagePlatforms.LinuxAmd64);
        await registry.PushTagsAsync("team/cart", ["7.0.0"], ImagePlatforms.LinuxAmd64);
    }

    /// <summary>N pods, 1% stuck at start; then single pods become stuck one at a time with a warm probe cache; then a restart.</summary>
    public async Task<ScenarioResult> ScaleAsync(int pods)
    {
        var result = new ScenarioResult { Name = string.Create(CultureInfo.InvariantCulture, $"scale-{pods}"), Description = $"{pods:N0} pods, 1% stuck at operator start; {WarmSamples} pods then become stuck one at a time (warm probe cache); operator restart", Pods = pods };
        await using var cluster = await ClusterUnderTest.StartAsync(_settings.RepositoryRoot, _settings.WorkDirectory);
        var (stuck, warm) = await SeedAsync(cluster, result, pods, extraDeployment: 0);
        await _front.AccessLog.ClearAsync();

        using (var op = StartOperator(cluster, "operator"))
        {
            result.InitialSyncSeconds = await WaitForDiagnosesAsync(cluster, op, stuck.Count, op.Started, TimeSpan.FromSeconds(_settings.SyncTimeoutSeconds));
            var cpuAtSync = op.CpuSeconds();
            result.CpuPerEventBasis = "operator CPU from process start to initial sync (incl. runtime start-up and JIT) per listed pod";
            result.CpuPerEventMicros = cpuAtSync * 1e6 / pods;

            // Warm cache: images the initial sync already probed.
            var warmFrom = DateTimeOffset.UtcNow;
            foreach (var (ns, name) in warm)
            {
                var key = ns + "/" + name;
                cluster.MakeStuck(ns, name, BadImages[0]);
                await WaitUntilAsync(() => cluster.DiagnosisStatusWrites().ContainsKey(key), TimeSpan.FromSeconds(20), $"diagnosis of {key}");
                await Task.Delay(100);
            }

            result.TimeToDiagnosisMs = Percentiles.Of(cluster.TimesToDiagnosis(warm.Select(w => w.Ns + "/" + w.Name)));
            result.TimeToDiagnosisBasis = $"{warm.Count} pods made stuck one at a time after initial sync, image already probed";
            await WaitForQuietAsync(cluster, TimeSpan.FromSeconds(2));
            result.ApiReadsPerStuckPod = ReadsPer(cluster, warmFrom, warm.Count);
            Memory(op, result);
            result.OperatorCpuSeconds = Math.Round(op.CpuSeconds(), 2);
            result.OperatorPeakRssMiB = Math.Round(op.PeakRssMiB(), 1);
            result.OperatorRssAtEndMiB = Math.Round(op.RssMiB(), 1);
            result.OperatorGcHeapAtEndMiB = await GcHeapMiBAsync(op);
            result.Notes.Add(string.Create(CultureInfo.InvariantCulture, $"operator after the run: RSS {result.OperatorRssAtEndMiB:N0} MiB, managed heap {result.OperatorGcHeapAtEndMiB:N0} MiB (dotnet_total_memory_bytes), peak RSS {result.OperatorPeakRssMiB:N0} MiB."));
            result.NewlyStuckPods = stuck.Count + warm.Count;
            Tally(cluster, result, since: null, newlyStuck: stuck.Count + warm.Count);
            await op.StopAsync();
        }

        if (_settings.Restart)
        {
            var restartAt = DateTimeOffset.UtcNow;
            using var again = StartOperator(cluster, "operator-restart");
            await WaitForReadyAsync(again, TimeSpan.FromSeconds(_settings.SyncTimeoutSeconds));
            await WaitForQuietAsync(cluster, TimeSpan.FromSeconds(3));
            result.RestartWrites = cluster.OperatorRequests(restartAt).Count(r => r.IsWrite);
            await again.StopAsync();
        }

        result.RegistryRequests = await _front.AccessLog.CountAsync();
        result.RegistryManifestRequests = await _front.AccessLog.CountAsync(e => e.IsManifest);
        await BaselineAsync(cluster, result);
        using var http = new HttpClient { BaseAddress = cluster.Server.Url, Timeout = TimeSpan.FromMinutes(10) };
        var pages = await RawParse.FetchListPagesAsync(http);
        result.RawParsePerEventMicros = RawParse.MicrosPerListedPod(pages);
        result.ReaderPassPerEventMicros = RawParse.MicrosPerReaderPass(pages, RawParse.PodsIn(pages));
        result.Notes.Add($"raw parse = KubernetesJson.Deserialize<V1PodList> of the same {pages.Count} LIST pages of 500 ({pages.Sum(p => (long)p.Length) / 1048576.0:N0} MiB)");
        Ratios(result);
        return result;
    }

    /// <summary>1,000 pods of one Deployment become stuck at once (a bad rollout), image not yet probed.</summary>
    public async Task<ScenarioResult> BurstAsync(int pods, int burst)
    {
        var result = new ScenarioResult { Name = string.Create(CultureInfo.InvariantCulture, $"burst-{burst}"), Description = $"{pods:N0} pods (1% stuck) and then {burst:N0} pods of one Deployment become stuck at once with one unprobed image", Pods = pods };
        await using var cluster = await ClusterUnderTest.StartAsync(_settings.RepositoryRoot, _settings.WorkDirectory);
        var (stuck, _) = await SeedAsync(cluster, result, pods, extraDeployment: burst);
        using var op = StartOperator(cluster, "operator");
        result.InitialSyncSeconds = await WaitForDiagnosesAsync(cluster, op, stuck.Count, op.Started, TimeSpan.FromSeconds(_settings.SyncTimeoutSeconds));
        await WaitForQuietAsync(cluster, TimeSpan.FromSeconds(2));
        await _front.AccessLog.ClearAsync();
        using var http = new HttpClient { BaseAddress = cluster.Server.Url, Timeout = Timeout.InfiniteTimeSpan };
        using var capture = await WatchCapture.StartAsync(http, cluster.Server.ResourceVersion);
        var burstAt = DateTimeOffset.UtcNow;
        var cpuBefore = op.CpuSeconds();
        var image = Image("team/checkout", "1.6.0");
        var keys = Enumerable.Range(0, burst).Select(i => (Ns: "checkout", Name: PodFactory.NameOf("checkout", i))).ToArray();
        await Parallel.ForEachAsync(keys, new ParallelOptions { MaxDegreeOfParallelism = 2 }, (k, _) =>
        {
            cluster.MakeStuck(k.Ns, k.Name, image);
            return ValueTask.CompletedTask;
        });
        await WaitForDiagnosesAsync(cluster, op, burst, burstAt, TimeSpan.FromSeconds(120), since: burstAt);
        await WaitForQuietAsync(cluster, TimeSpan.FromSeconds(2));
        var cpu = op.CpuSeconds() - cpuBefore;
        capture.Stop();
        result.WatchEvents = capture.PodEvents;
        result.CpuPerEventBasis = "operator CPU during the burst per newly stuck pod (its pod event, reads, diagnosis create + status, Event)";
        result.CpuPerEventMicros = cpu * 1e6 / Math.Max(1, capture.PodEvents);
        result.RawParsePerEventMicros = RawParse.MicrosPerWatchEvent(capture.PodEventLines);
        result.TimeToDiagnosisMs = Percentiles.Of(cluster.TimesToDiagnosis(keys.Select(k => k.Ns + "/" + k.Name)));
        result.TimeToDiagnosisBasis = $"each of the {burst:N0} burst pods, from its own status write";
        result.ReaderPassPerEventMicros = RawParse.MicrosPerReaderPass(capture.PodEventLines, capture.PodEventLines.Count);
        result.ApiReadsPerStuckPod = ReadsPer(cluster, burstAt, burst);
        Memory(op, result);
        result.NewlyStuckPods = burst;
        Tally(cluster, result, since: burstAt, newlyStuck: burst);
        result.RegistryRequests = await _front.AccessLog.CountAsync();
        result.RegistryManifestRequests = await _front.AccessLog.CountAsync(e => e.IsManifest);
        var registryLog = await _front.AccessLog.ReadAsync();
        result.RegistryDistinctRequests = registryLog.Select(e => e.Method + " " + e.Path + "?" + e.Query).Distinct(StringComparer.Ordinal).Count();
        result.Notes.Add($"registry requests during the burst: {string.Join(", ", registryLog.Select(e => e.ToString()).Take(12))}");
        result.OperatorCpuSeconds = Math.Round(op.CpuSeconds(), 2);
        result.OperatorPeakRssMiB = Math.Round(op.PeakRssMiB(), 1);
        await op.StopAsync();
        Ratios(result);
        return result;
    }

    /// <summary>Healthy pods' statuses change at a steady rate while 1% are stuck; a few pods become stuck meanwhile.</summary>
    public async Task<ScenarioResult> ChurnAsync(int pods, int rate, int seconds)
    {
        var result = new ScenarioResult { Name = string.Create(CultureInfo.InvariantCulture, $"churn-{rate}/s"), Description = $"{pods:N0} pods, 1% stuck; healthy pods' status changes at {rate:N0}/s for {seconds} s; {WarmSamples / 2} pods become stuck meanwhile", Pods = pods };
        await using var cluster = await ClusterUnderTest.StartAsync(_settings.RepositoryRoot, _settings.WorkDirectory);
        var (stuck, warm) = await SeedAsync(cluster, result, pods, extraDeployment: 0);
        var stuckSet = stuck.Select(s => s.Ns + "/" + s.Name).Concat(warm.Select(w => w.Ns + "/" + w.Name)).ToHashSet(StringComparer.Ordinal);
        var healthy = Enumerable.Range(0, pods).Select(i => (Ns: PodFactory.NamespaceOf(i), Name: PodFactory.NameOf("pod", i))).Where(p => !stuckSet.Contains(p.Ns + "/" + p.Name)).ToArray();
        using var op = StartOperator(cluster, "operator");
        result.InitialSyncSeconds = await WaitForDiagnosesAsync(cluster, op, stuck.Count, op.Started, TimeSpan.FromSeconds(_settings.SyncTimeoutSeconds));
        await WaitForQuietAsync(cluster, TimeSpan.FromSeconds(2));
        await _front.AccessLog.ClearAsync();
        using var http = new HttpClient { BaseAddress = cluster.Server.Url, Timeout = Timeout.InfiniteTimeSpan };
        using var capture = await WatchCapture.StartAsync(http, cluster.Server.ResourceVersion);
        var churnAt = DateTimeOffset.UtcNow;
        var idleFrom = op.CpuSeconds();
        await Task.Delay(3000);
        var idleCpuPerSecond = (op.CpuSeconds() - idleFrom) / 3;
        result.Notes.Add(string.Create(CultureInfo.InvariantCulture, $"operator idle CPU before the churn: {idleCpuPerSecond * 1000:N0} ms/s (bookmarks, metrics, timers), included in CPU/event"));
        var cpuBefore = op.CpuSeconds();
        var samples = warm.Take(WarmSamples / 2).ToArray();
        var sw = Stopwatch.StartNew();
        var written = 0;
        var nextSample = 0;
        while (sw.Elapsed.TotalSeconds < seconds)
        {
            // Paced in 10 ms slices so the rate is steady, not bursty.
            var due = (int)(sw.Elapsed.TotalSeconds * rate);
            while (written < due)
            {
                var p = healthy[written % healthy.Length];
                cluster.Churn(p.Ns, p.Name, written);
                written++;
            }

            if (nextSample < samples.Length && sw.Elapsed.TotalSeconds >= (nextSample + 0.5) * seconds / samples.Length)
            {
                cluster.MakeStuck(samples[nextSample].Ns, samples[nextSample].Name, BadImages[0]);
                nextSample++;
            }

            await Task.Delay(10);
        }

        var churnSeconds = sw.Elapsed.TotalSeconds;
        await WaitForQuietAsync(cluster, TimeSpan.FromSeconds(2));
        var cpu = op.CpuSeconds() - cpuBefore;
        capture.Stop();
        result.WatchEvents = capture.PodEvents;
        result.WatchEventsPerSecond = Math.Round(written / churnSeconds);
        result.CpuPerEventBasis = "operator CPU during the churn window (+ settle) per pod watch event";
        result.CpuPerEventMicros = cpu * 1e6 / Math.Max(1, capture.PodEvents);
        result.RawParsePerEventMicros = RawParse.MicrosPerWatchEvent(capture.PodEventLines);
        result.TimeToDiagnosisMs = Percentiles.Of(cluster.TimesToDiagnosis(samples.Select(k => k.Ns + "/" + k.Name)));
        result.TimeToDiagnosisBasis = $"{samples.Length} pods made stuck during the churn, image already probed";
        result.ReaderPassPerEventMicros = RawParse.MicrosPerReaderPass(capture.PodEventLines, capture.PodEventLines.Count);
        Memory(op, result);
        result.NewlyStuckPods = samples.Length;
        Tally(cluster, result, since: churnAt, newlyStuck: samples.Length);
        var sampleKeys = samples.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        // A create is a POST to the collection (no name in the URL): creates beyond one per sample pod count as unchanged.
        var churnWrites = cluster.OperatorRequests(churnAt).Where(r => r.IsWrite && r.Resource != "events").ToArray();
        result.ApiWritesForUnchangedPods = Math.Max(0, churnWrites.Count(r => r.Verb == "create") - samples.Length)
            + churnWrites.Count(r => r.Verb != "create" && !sampleKeys.Contains(r.Name));
        result.RegistryRequests = await _front.AccessLog.CountAsync();
        result.RegistryManifestRequests = await _front.AccessLog.CountAsync(e => e.IsManifest);
        result.Notes.Add(string.Create(CultureInfo.InvariantCulture, $"{written:N0} status writes in {churnSeconds:N1} s; the watch capture saw {capture.PodEvents:N0} pod events"));
        result.OperatorCpuSeconds = Math.Round(op.CpuSeconds(), 2);
        result.OperatorPeakRssMiB = Math.Round(op.PeakRssMiB(), 1);
        await op.StopAsync();
        Ratios(result);
        return result;
    }

    /// <summary>
    /// Stuck pods the kubelet keeps retrying: every pod retries every <paramref name="backoffSeconds"/> (the kubelet's
    /// first back-off step; later steps only space the same retries out), phases spread evenly, for
    /// <paramref name="seconds"/>. Each retry flips the waiting reason ErrImagePull → ImagePullBackOff and counts the
    /// pod's pull Events up; nothing a diagnosis reads changes, so the target is no request at all.
    /// </summary>
    public async Task<ScenarioResult> RetryAsync(int pods, int seconds, int backoffSeconds)
    {
        var result = new ScenarioResult { Name = string.Create(CultureInfo.InvariantCulture, $"retry-{pods}"), Description = $"{pods:N0} stuck pods (all of them) retried by the kubelet every {backoffSeconds} s for {seconds} s (ErrImagePull → ImagePullBackOff, Events counted up)", Pods = pods };
        await using var cluster = await ClusterUnderTest.StartAsync(_settings.RepositoryRoot, _settings.WorkDirectory);
        var bad = BadImages;
        var keys = Enumerable.Range(0, pods).Select(i => (Ns: PodFactory.NamespaceOf(i), Name: PodFactory.NameOf("stuck", i), Image: bad[i % bad.Length])).ToArray();
        var sw = Stopwatch.StartNew();
        await Parallel.ForAsync(0, pods, new ParallelOptions { MaxDegreeOfParallelism = 2 }, (i, _) =>
        {
            var (ns, name, image) = keys[i];
            var app = string.Create(CultureInfo.InvariantCulture, $"svc-{i % 250:D3}");
            cluster.Seed(PodFactory.Pod(ns, name, i, app, image, ("ImagePullBackOff", $"Back-off pulling image \"{image}\"")));
            cluster.KubeletEvents(ns, name, image, PodFactory.NotFoundMessage(image));
            return ValueTask.CompletedTask;
        });
        result.SeedSeconds = Math.Round(sw.Elapsed.TotalSeconds, 1);
        result.Stuck = pods;
        result.AveragePodBytes = Math.Round((double)cluster.SeededBytes / pods);
        using var op = StartOperator(cluster, "operator");
        result.InitialSyncSeconds = await WaitForDiagnosesAsync(cluster, op, pods, op.Started, TimeSpan.FromSeconds(_settings.SyncTimeoutSeconds));
        await WaitForQuietAsync(cluster, TimeSpan.FromSeconds(2));
        result.ApiReadsPerStuckPod = Math.Round((double)cluster.OperatorRequests().Count(r => r.Verb is "get" or "list") / pods, 3);
        var initialReads = cluster.OperatorRequests().Where(r => r.Verb is "get" or "list").GroupBy(r => r.Verb + " " + r.ResourceWithSubresource).Select(g => $"{g.Key} {g.Count()}");
        result.Notes.Add($"reads while the {pods:N0} stuck pods were diagnosed (initial lists included): {string.Join(", ", initialReads)}.");

        var from = DateTimeOffset.UtcNow;
        var cpuBefore = op.CpuSeconds();
        var attempts = new int[pods];
        var retries = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            // Pod i is due at (i / pods + k) * backoff: a steady pods/backoff retries per second.
            var due = (int)(clock.Elapsed.TotalSeconds / backoffSeconds * pods);
            while (retries < due)
            {
                var i = retries % pods;
                var (ns, name, image) = keys[i];
                cluster.Retry(ns, name, image, ++attempts[i]);
                retries++;
            }

            await Task.Delay(10);
        }

        await WaitForQuietAsync(cluster, TimeSpan.FromSeconds(2));
        var cpu = op.CpuSeconds() - cpuBefore;
        var during = cluster.OperatorRequests(from).Where(r => r.Verb is not ("watch" or "")).ToArray();
        result.KubeletRetries = retries;
        result.ApiRequestsPerRetry = Math.Round((double)during.Length / Math.Max(1, retries), 4);
        result.CpuPerEventBasis = "operator CPU during the retries per kubelet retry (2 pod status events + 2 Event updates each)";
        result.CpuPerEventMicros = cpu * 1e6 / Math.Max(1, retries);
        foreach (var r in during)
        {
            var key = r.Verb + " " + r.ResourceWithSubresource;
            result.ApiRequests[key] = result.ApiRequests.GetValueOrDefault(key) + 1;
        }

        result.Notes.Add(string.Create(CultureInfo.InvariantCulture, $"{retries:N0} retries in {clock.Elapsed.TotalSeconds:N0} s; operator requests meanwhile (watches aside): {(during.Length == 0 ? "none" : string.Join(", ", result.ApiRequests.Select(kv => $"{kv.Key} {kv.Value}")))}."));
        result.EventsWritten = during.Count(r => r.IsWrite && r.Resource == "events");
        result.OperatorCpuSeconds = Math.Round(op.CpuSeconds(), 2);
        result.OperatorPeakRssMiB = Math.Round(op.PeakRssMiB(), 1);
        result.OperatorRssAtEndMiB = Math.Round(op.RssMiB(), 1);
        result.OperatorGcHeapAtEndMiB = await GcHeapMiBAsync(op);
        Memory(op, result);
        await op.StopAsync();
        Ratios(result);
        return result;
    }

    private async Task<(List<(string Ns, string Name)> Stuck, List<(string Ns, string Name)> Warm)> SeedAsync(ClusterUnderTest cluster, ScenarioResult result, int pods, int extraDeployment)
    {
        var stuck = new List<(string Ns, string Name)>();
        var warm = new List<(string Ns, string Name)>();
        var bad = BadImages;
        var healthyImage = Image("team/app", "1.1.0");
        for (var i = 0; i < pods; i++)
        {
            if (i % 100 == 0)
            {
                stuck.Add((PodFactory.NamespaceOf(i), PodFactory.NameOf("pod", i)));
            }
            else if (i % 100 == 50 && warm.Count < WarmSamples)
            {
                warm.Add((PodFactory.NamespaceOf(i), PodFactory.NameOf("pod", i)));
            }
        }

        var stuckSet = stuck.ToHashSet();
        var warmSet = warm.ToHashSet();
        var sw = Stopwatch.StartNew();
        await Parallel.ForAsync(0, pods, new ParallelOptions { MaxDegreeOfParallelism = 2 }, (i, _) =>
        {
            var ns = PodFactory.NamespaceOf(i);
            var name = PodFactory.NameOf("pod", i);
            var app = string.Create(CultureInfo.InvariantCulture, $"svc-{i % 250:D3}");
            if (stuckSet.Contains((ns, name)))
            {
                var image = bad[i / 100 % bad.Length];
                var message = PodFactory.NotFoundMessage(image);
                cluster.Seed(PodFactory.Pod(ns, name, i, app, image, (i / 100 % 2 == 0 ? "ErrImagePull" : "ImagePullBackOff", i / 100 % 2 == 0 ? message : $"Back-off pulling image \"{image}\"")));
                cluster.KubeletEvents(ns, name, image, message);
            }
            else if (warmSet.Contains((ns, name)))
            {
                cluster.Seed(PodFactory.Pod(ns, name, i, app, bad[0], ("ContainerCreating", null)));
            }
            else
            {
                cluster.Seed(PodFactory.Pod(ns, name, i, app, healthyImage, null));
            }

            return ValueTask.CompletedTask;
        });
        if (extraDeployment > 0)
        {
            cluster.Server.EnsureNamespace("checkout");
            var image = Image("team/checkout", "1.6.0");
            await Parallel.ForAsync(0, extraDeployment, new ParallelOptions { MaxDegreeOfParallelism = 2 }, (i, _) =>
            {
                cluster.Seed(PodFactory.Pod("checkout", PodFactory.NameOf("checkout", i), i, "checkout", image, ("ContainerCreating", null)));
                return ValueTask.CompletedTask;
            });
        }

        result.SeedSeconds = Math.Round(sw.Elapsed.TotalSeconds, 1);
        result.Pods = pods + extraDeployment;
        result.Stuck = stuck.Count;
        result.AveragePodBytes = Math.Round((double)cluster.SeededBytes / result.Pods);
        Console.WriteLine($"  seeded {result.Pods:N0} pods (avg {result.AveragePodBytes:N0} B, {stuck.Count} stuck) in {result.SeedSeconds:N1} s");
        return (stuck, warm);
    }

    private ChildProcess StartOperator(ClusterUnderTest cluster, string label)
    {
        var port = FreePort();
        var env = new Dictionary<string, string>
        {
            ["PULLDOCTOR_LEADERELECTION"] = "false",
            ["PULLDOCTOR_PORT"] = port.ToString(CultureInfo.InvariantCulture),
            ["PULLDOCTOR_BINDADDRESS"] = "127.0.0.1",
            ["PULLDOCTOR_ALLOWNETWORKS"] = "127.0.0.0/8",
            ["PULLDOCTOR_PLAINHTTPREGISTRIES"] = _registryHost,
            ["PULLDOCTOR_LOGFORMAT"] = "json",
            ["PULLDOCTOR_LOGLEVEL"] = "Warning",
            ["DOTNET_gcServer"] = "0",
        };
        foreach (var (k, v) in OperatorRuntime())
        {
            env[k] = v;
        }

        var op = ChildProcess.Start(_settings.OperatorDll, ["run", "--kubeconfig", cluster.Kubeconfig], env, Path.Combine(_settings.WorkDirectory, label + ".log"));
        _readyPorts[op.Id] = port;
        return op;
    }

    private readonly Dictionary<int, int> _readyPorts = [];

    /// <summary>The chart's DOTNET_* settings (unless --no-chart-runtime), then --operator-env on top.</summary>
    private SortedDictionary<string, string> OperatorRuntime()
    {
        var env = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (_settings.ChartRuntime)
        {
            foreach (var (k, v) in ChartRuntime.Environment(_settings.RepositoryRoot))
            {
                env[k] = v;
            }
        }

        foreach (var (k, v) in _settings.OperatorEnvironment)
        {
            env[k] = v;
        }

        return env;
    }

    private void Memory(ChildProcess op, ScenarioResult result)
    {
        result.OperatorRssAnonMiB = Math.Round(op.RssAnonMiB(), 1);
        result.OperatorRssFileMiB = Math.Round(op.RssFileMiB(), 1);
        result.OperatorRssShmemMiB = Math.Round(op.RssShmemMiB(), 1);
        result.OperatorEnvironment = OperatorRuntime();
    }

    /// <summary>The operator's managed heap as prometheus-net's dotnet_total_memory_bytes reports it on /metrics.</summary>
    private async Task<double?> GcHeapMiBAsync(ChildProcess op)
    {
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            var text = await http.GetStringAsync(new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{_readyPorts[op.Id]}/metrics")));
            var line = text.Split('\n').FirstOrDefault(l => l.StartsWith("dotnet_total_memory_bytes ", StringComparison.Ordinal));
            return line is null ? null : Math.Round(double.Parse(line.Split(' ')[1], CultureInfo.InvariantCulture) / 1048576.0, 1);
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    private async Task WaitForReadyAsync(ChildProcess op, TimeSpan timeout)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var url = new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{_readyPorts[op.Id]}/readyz"));
        await WaitUntilAsync(async () =>
        {
            if (op.HasExited)
            {
                throw new InvalidOperationException("operator exited: " + op.Tail());
            }

            try
            {
                using var response = await http.GetAsync(url);
                return response.IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                return false;
            }
            catch (TaskCanceledException)
            {
                return false;
            }
        }, timeout, "operator /readyz");
    }

    private async Task BaselineAsync(ClusterUnderTest cluster, ScenarioResult result)
    {
        if (!_settings.Baseline)
        {
            return;
        }

        using var baseline = ChildProcess.Start(_settings.BenchDll, ["baseline", "--kubeconfig", cluster.Kubeconfig], new Dictionary<string, string> { ["DOTNET_gcServer"] = "0" }, Path.Combine(_settings.WorkDirectory, "baseline.log"));
        await WaitUntilAsync(() => baseline.HasExited ? throw new InvalidOperationException("baseline exited: " + baseline.Tail()) : baseline.HasLine(l => l.StartsWith("synced", StringComparison.Ordinal)), TimeSpan.FromSeconds(_settings.SyncTimeoutSeconds), "baseline synced");
        await Task.Delay(2000);
        result.BaselinePeakRssMiB = Math.Round(baseline.PeakRssMiB(), 1);
        await baseline.StopAsync();
    }

    /// <summary>Seconds from <paramref name="from"/> to the diagnosis status write that completed the count.</summary>
    private static async Task<double> WaitForDiagnosesAsync(ClusterUnderTest cluster, ChildProcess op, int count, DateTimeOffset from, TimeSpan timeout, DateTimeOffset? since = null)
    {
        DateTimeOffset? done = null;
        await WaitUntilAsync(() =>
        {
            if (op.HasExited)
            {
                throw new InvalidOperationException("operator exited: " + op.Tail());
            }

            var firsts = cluster.DiagnosisStatusWrites(since).Values.Select(v => v[0]).Order().ToArray();
            if (firsts.Length >= count)
            {
                done = firsts[count - 1];
                return true;
            }

            return false;
        }, timeout, $"{count} diagnoses");
        return Math.Round((done!.Value - from).TotalSeconds, 2);
    }

    /// <summary>Waits until the operator has made no request (watches aside) for <paramref name="quiet"/>.</summary>
    private static async Task WaitForQuietAsync(ClusterUnderTest cluster, TimeSpan quiet)
    {
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTimeOffset.UtcNow < deadline)
        {
            var last = cluster.OperatorRequests().Where(r => r.Verb != "watch").Select(r => r.Time).DefaultIfEmpty(DateTimeOffset.MinValue).Max();
            if (DateTimeOffset.UtcNow - last >= quiet)
            {
                return;
            }

            await Task.Delay(200);
        }
    }

    /// <summary>The operator's reads (get, list; watches aside: each is one request open since its informer started) since <paramref name="from"/>, per pod.</summary>
    private static double? ReadsPer(ClusterUnderTest cluster, DateTimeOffset from, int pods) =>
        pods == 0 ? null : Math.Round((double)cluster.OperatorRequests(from).Count(r => r.Verb is "get" or "list") / pods, 3);

    private static void Tally(ClusterUnderTest cluster, ScenarioResult result, DateTimeOffset? since, int newlyStuck)
    {
        var requests = cluster.OperatorRequests(since);
        foreach (var r in requests.Where(r => r.Verb.Length > 0))
        {
            var key = r.Verb + " " + r.ResourceWithSubresource;
            result.ApiRequests[key] = result.ApiRequests.GetValueOrDefault(key) + 1;
        }

        var writes = requests.Where(r => r.IsWrite).ToArray();
        result.EventsWritten = writes.Count(r => r.Resource == "events");
        result.ApiWritesPerStuckPod = newlyStuck == 0 ? null : Math.Round((double)writes.Count(r => r.Resource != "events") / newlyStuck, 2);
    }

    private static void Ratios(ScenarioResult result)
    {
        if (result.CpuPerEventMicros is { } cpu)
        {
            result.CpuPerEventMicros = Math.Round(cpu, 1);
        }

        if (result.RawParsePerEventMicros is { } raw)
        {
            result.RawParsePerEventMicros = Math.Round(raw, 1);
            if (result.CpuPerEventMicros is { } c && raw > 0)
            {
                result.CpuToRawParseRatio = Math.Round(c / raw, 2);
            }
        }

        if (result.ReaderPassPerEventMicros is { } pass)
        {
            result.ReaderPassPerEventMicros = Math.Round(pass, 2);
            if (result.CpuPerEventMicros is { } c && pass > 0)
            {
                result.CpuToReaderPassRatio = Math.Round(c / pass, 2);
            }
        }

        if (result.BaselinePeakRssMiB is { } b && result.OperatorPeakRssMiB > 0)
        {
            result.BaselineToOperatorRssRatio = Math.Round(b / result.OperatorPeakRssMiB, 2);
        }
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, string what) =>
        WaitUntilAsync(() => Task.FromResult(condition()), timeout, what);

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException($"timed out after {timeout.TotalSeconds:N0} s waiting for {what}");
            }

            await Task.Delay(50);
        }
    }
}
