using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using k8s;
using PullDoctor.RegistryFixtures;
using PullDoctor.RegistryFixtures.Kubelet;
using PullDoctor.Testing;

namespace PullDoctor.Tests.Run;

/// <summary>
/// The published <c>pulldoctor run</c> (<c>dotnet publish src/PullDoctor -c Release</c>, the executable the image ships)
/// diagnosing a stuck pod end to end against the in-process API server and a real docker-registry, configured by
/// PULLDOCTOR_* variables as the chart configures it. Logs: with stdout not a terminal (a pod), compact JSON; on a
/// terminal (a pty from util-linux's <c>script</c>), readable text.
/// </summary>
[NonParallelizable]
public sealed partial class PublishedOperatorTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    private string _publish = null!;
    private TestRegistry _registry = null!;
    private KubeApiServer _server = null!;
    private string _kubeconfig = null!;

    [OneTimeSetUp]
    public async Task PublishAndStartAsync()
    {
        _registry = await TestRegistry.StartAsync(RegistryOptions.Anonymous);
        await _registry.PushTagsAsync("team/web", ["1.25.0", "1.25.3"], ImagePlatforms.LinuxAmd64);
        _publish = Directory.CreateTempSubdirectory("pulldoctor-publish-").FullName;
        var root = RepositoryRoot();
        var publish = await RunAsync("dotnet", ["publish", Path.Combine(root, "src/PullDoctor/PullDoctor.csproj"), "-c", "Release", "-o", _publish, "--nologo"], TimeSpan.FromMinutes(8));
        Assert.That(publish.ExitCode, Is.Zero, publish.Output);
        Assert.That(File.Exists(Path.Combine(_publish, "pulldoctor")), Is.True, "the published executable");

        _server = await KubeApiServer.StartAsync();
        _server.Apply(File.ReadAllText(Path.Combine(root, "deploy/crds/imagepulldiagnoses.pulldoctor.dev.yaml")));
        _kubeconfig = _server.WriteKubeconfig(Path.Combine(_publish, "kubeconfig"));
        _server.EnsureNamespace("shop");
        _server.CreateOrReplace(Parse("""{"apiVersion":"v1","kind":"ServiceAccount","metadata":{"name":"default","namespace":"shop"}}"""));
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        if (_registry is not null)
        {
            await _registry.DisposeAsync();
        }

        if (_publish is not null)
        {
            Directory.Delete(_publish, recursive: true);
        }
    }

    [Test]
    public async Task PublishedRun_InAPod_DiagnosesAStuckPodEndToEnd_AndLogsJson()
    {
        var image = _registry.ImageReference("team/web", "1.25.x");
        PutStuckPod("web-json", image);
        await using var run = Start(Path.Combine(_publish, "pulldoctor"), ["run"]);
        using var client = new Kubernetes(_server.ClientConfiguration);
        var diagnosis = await WaitForConfirmedAsync(client, "web-json", run.Process, run.Stdout);
        var lines = run.Stdout().Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Multiple(() =>
        {
            Assert.That(diagnosis["status"]!["cause"]!.ToString(), Is.EqualTo("TagNotFound"));
            Assert.That(diagnosis["status"]!["containers"]![0]!["suggestions"]!.AsArray().Select(s => s!.ToString()), Does.Contain("1.25.3"));
            Assert.That(lines, Is.Not.Empty, "the operator logged");
            foreach (var line in lines)
            {
                Assert.That(IsCompactJson(line), Is.True, "every stdout line is a compact JSON log event: " + line);
            }
        });
    }

    [Test]
    public async Task PublishedRun_OnATerminal_LogsReadableText()
    {
        ExternalBinary.Require("/usr/bin/script", "util-linux");
        var image = _registry.ImageReference("team/web", "1.25.x");
        PutStuckPod("web-text", image);

        // script(1) gives the operator a pseudo-terminal as stdout, as a person running it by hand has.
        await using var run = Start("/usr/bin/script", ["-q", "-e", "-c", $"'{Path.Combine(_publish, "pulldoctor")}' run", "/dev/null"]);
        using var client = new Kubernetes(_server.ClientConfiguration);
        await WaitForConfirmedAsync(client, "web-text", run.Process, run.Stdout);
        // The status write comes before its log line, and script(1) relays the terminal's output in its own
        // time: wait for the line itself (bounded), not only for the status.
        await WaitForLogAsync(() => AnsiEscape().Replace(run.Stdout(), string.Empty), "Diagnosis shop/web-text: Failing TagNotFound");
        // On a terminal Serilog's console theme colours the text; what a person reads is the text without the escapes.
        var raw = run.Stdout();
        var lines = AnsiEscape().Replace(raw, string.Empty).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).ToArray();

        Assert.Multiple(() =>
        {
            Assert.That(lines, Is.Not.Empty, "the operator logged");
            Assert.That(raw, Does.Contain("\u001b["), "coloured: Serilog saw a terminal");
            Assert.That(lines, Has.Some.Contains("Diagnosis shop/web-text: Failing TagNotFound"));
            Assert.That(lines, Has.Some.Match(TextLine().ToString()), "text lines: HH:mm:ss LVL message");
            Assert.That(lines.Where(IsCompactJson), Is.Empty, "no JSON on a terminal");
        });
    }

    [GeneratedRegex(@"^\d\d:\d\d:\d\d (VRB|DBG|INF|WRN|ERR|FTL) \S")]
    private static partial Regex TextLine();

    [GeneratedRegex(@"\u001b(\[[0-9;?]*[A-Za-z]|[=>])")]
    private static partial Regex AnsiEscape();

    // The operator as a child process with the chart's settings, its stdout captured; disposing stops it.
    private OperatorRun Start(string program, string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Configure(start.Environment);
        return new OperatorRun(Process.Start(start)!);
    }

    private sealed class OperatorRun : IAsyncDisposable
    {
        private readonly StringBuilder _stdout = new();
        private readonly Task<string> _stderr;

        public OperatorRun(Process process)
        {
            Process = process;
            process.OutputDataReceived += (_, e) => { lock (_stdout) { _stdout.AppendLine(e.Data); } };
            process.BeginOutputReadLine();
            _stderr = process.StandardError.ReadToEndAsync();
        }

        public Process Process { get; }

        public string Stdout() => Text(_stdout);

        public async ValueTask DisposeAsync()
        {
            Process.Kill(entireProcessTree: true);
            await Process.WaitForExitAsync();
            _ = await _stderr;
            Process.Dispose();
        }
    }

    private void Configure(IDictionary<string, string?> environment)
    {
        // What the chart sets that matters here; PULLDOCTOR_LOG_FORMAT stays unset (auto), as in the chart.
        environment["KUBECONFIG"] = _kubeconfig;
        environment["PULLDOCTOR_LEADER_ELECTION"] = "false";
        environment["PULLDOCTOR_PORT"] = "0";
        environment["PULLDOCTOR_BIND_ADDRESS"] = "127.0.0.1";
        environment["PULLDOCTOR_ALLOW_NETWORKS"] = "127.0.0.0/8";
        environment.Remove("PULLDOCTOR_LOG_FORMAT");
    }

    private void PutStuckPod(string name, string image)
    {
        var message = KubeletPullMessages.NotFound(image);
        _server.CreateOrReplace(Parse($$$"""
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"{{{name}}}","namespace":"shop"},
             "spec":{"containers":[{"name":"web","image":"{{{image}}}"}]},
             "status":{"phase":"Pending","containerStatuses":[{"name":"web","image":"{{{image}}}","imageID":"","ready":false,"restartCount":0,
               "state":{"waiting":{"reason":"ErrImagePull","message":{{{JsonValue.Create(message).ToJsonString()}}} } } } ] } }
            """));
    }

    private static async Task<JsonNode> WaitForConfirmedAsync(Kubernetes client, string name, Process process, Func<string> log)
    {
        using var timeout = new CancellationTokenSource(Bound);
        while (true)
        {
            Assert.That(process.HasExited, Is.False, () => "the operator exited:\n" + log());
            try
            {
                var found = JsonNode.Parse(KubernetesJson.Serialize(await client.CustomObjects.GetNamespacedCustomObjectAsync("pulldoctor.dev", "v1alpha1", "shop", "imagepulldiagnoses", name, timeout.Token)))!;
                if (found["status"]?["containers"]?[0]?["confidence"]?.ToString() == "Confirmed")
                {
                    return found;
                }
            }
            catch (k8s.Autorest.HttpOperationException ex) when (ex.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
            {
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested)
            {
            }

            if (timeout.IsCancellationRequested)
            {
                Assert.Fail($"no confirmed diagnosis of {name} within {Bound}; operator log:\n{log()}");
            }

            await Task.Delay(100, CancellationToken.None);
        }
    }

    private static async Task WaitForLogAsync(Func<string> log, string expected)
    {
        var deadline = DateTime.UtcNow + Bound;
        while (!log().Contains(expected, StringComparison.Ordinal) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50, CancellationToken.None);
        }
    }

    private static bool IsCompactJson(string line)
    {
        try
        {
            return JsonNode.Parse(line) is JsonObject o && o.ContainsKey("@t") && (o.ContainsKey("@mt") || o.ContainsKey("@m"));
        }
        catch (System.Text.Json.JsonException)
        {
            return false;
        }
    }

    private static string Text(StringBuilder builder)
    {
        lock (builder)
        {
            return builder.ToString();
        }
    }

    private static JsonObject Parse(string json) => (JsonObject)JsonNode.Parse(json)!;

    private static string RepositoryRoot()
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

    private static async Task<(int ExitCode, string Output)> RunAsync(string file, IEnumerable<string> arguments, TimeSpan bound)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(bound);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
