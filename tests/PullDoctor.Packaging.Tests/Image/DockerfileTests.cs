using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using PullDoctor.Packaging.Tests.Support;

namespace PullDoctor.Packaging.Tests.Image;

/// <summary>
/// No Docker engine runs in CI, so the image is tested in parts: the Dockerfile's shape (multi-stage, chiseled
/// runtime, numeric non-root user, exec-form entrypoint, nothing run in the final stage, which has no shell), and
/// its own <c>dotnet</c> commands, run on a copy of the build context, must publish a binary that starts.
/// </summary>
public sealed class DockerfileTests
{
    private static readonly Dockerfile File = Dockerfile.Load();

    [Test]
    public void Dockerfile_BuildStage_UsesTheDotnet10Sdk()
    {
        var build = File.Stage("build");

        Assert.Multiple(() =>
        {
            Assert.That(build.Image, Does.StartWith("mcr.microsoft.com/dotnet/sdk:10.0"));
            Assert.That(build.All("RUN").Where(r => r.StartsWith("dotnet publish", StringComparison.Ordinal)), Has.Exactly(1).Items);
        });
    }

    [Test]
    public void Dockerfile_FinalStage_IsAChiseledRuntimeWithoutShellCommands()
    {
        var final = File.FinalStage;

        Assert.Multiple(() =>
        {
            Assert.That(File.Stages, Has.Count.GreaterThanOrEqualTo(2), "multi-stage");
            // The operator serves /metrics and the probes with ASP.NET Core, so the runtime is the aspnet one.
            Assert.That(final.Image, Does.Match(@"^mcr\.microsoft\.com/dotnet/aspnet:10\.0-[a-z]+-chiseled$"));
            Assert.That(final.All("RUN"), Is.Empty, "the chiseled image has no shell to run commands with");
            Assert.That(final.All("COPY"), Has.All.StartWith("--from=build "));
        });
    }

    [Test]
    public void Dockerfile_FinalStage_RunsAsANumericNonRootUser()
    {
        Assert.That(File.FinalStage.User, Does.Match("^[1-9][0-9]*(:[1-9][0-9]*)?$"), "numeric, so the kubelet can verify runAsNonRoot");
    }

    [Test]
    public void Dockerfile_Entrypoint_IsPulldoctorRunInExecForm()
    {
        Assert.Multiple(() =>
        {
            Assert.That(JsonNode.Parse(File.FinalStage.Last("ENTRYPOINT")!)!.AsArray().Select(a => (string?)a), Is.EqualTo(new[] { "pulldoctor" }));
            Assert.That(JsonNode.Parse(File.FinalStage.Last("CMD")!)!.AsArray().Select(a => (string?)a), Is.EqualTo(new[] { "run" }));
        });
    }

    [Test]
    public void DockerIgnore_KeepsTheContextToBuildInputs()
    {
        var lines = System.IO.File.ReadAllLines(RepositoryPaths.Of(".dockerignore")).Where(l => l.Length > 0 && !l.StartsWith('#')).ToArray();

        Assert.Multiple(() =>
        {
            Assert.That(lines[0], Is.EqualTo("*"), "an allow-list: nothing enters the context unless named");
            Assert.That(lines, Does.Contain("**/bin/").And.Contain("**/obj/"), "local build output never reaches the image");
            foreach (var source in CopiedPaths())
            {
                Assert.That(lines, Does.Contain("!" + source).Or.Contain("!" + source.Split('/')[0] + "/"), $"{source} is COPYed, so the context must include it");
            }
        });
    }

    [Test]
    [CancelAfter(600_000)]
    public async Task DockerfileCommands_OnACopyOfTheContext_PublishABinaryThatAnswersHelp()
    {
        var output = await Published.Value;

        var help = await ProcessRunner.RunAsync(Path.Combine(output, "pulldoctor"), ["--help"], TimeSpan.FromSeconds(30));
        var runHelp = await ProcessRunner.RunAsync(Path.Combine(output, "pulldoctor"), ["run", "--help"], TimeSpan.FromSeconds(30));

        Assert.Multiple(() =>
        {
            Assert.That(help.ExitCode, Is.Zero, help.ToString);
            Assert.That(help.StandardOutput, Does.Contain("run").And.Contain("explain").And.Contain("diagnose"));
            Assert.That(runHelp.ExitCode, Is.Zero, runHelp.ToString);
            Assert.That(Directory.GetFiles(output, "*.pdb"), Is.Empty, "DebugType=none: no symbols in the image");
        });
    }

    /// <summary>
    /// The chart's environment (every PULLDOCTOR_* it renders) is accepted by the operator, which refuses unknown
    /// or invalid settings at start, and /healthz answers on the chart's port and path. No API server is
    /// reachable, so /readyz must say the caches have not synced.
    /// </summary>
    [Test]
    [CancelAfter(600_000)]
    public async Task PublishedOperator_WithTheChartsSettings_StartsAndServesItsProbes()
    {
        var output = await Published.Value;
        var port = FreePort();
        var chart = await Helm.RenderAsync($"metrics.port={port}", "watchNamespaces={shop,web}", "probe.denyNetworks={10.96.0.0/12}", "apiClient.qps=20");
        var container = K8s.Container(chart.Single("Deployment"));
        var liveness = (string)container["livenessProbe"]!["httpGet"]!["path"]!;
        var readiness = (string)container["readinessProbe"]!["httpGet"]!["path"]!;
        var kubeconfig = Path.Combine(Path.GetTempPath(), $"pulldoctor-unreachable-{port}.kubeconfig");
        await System.IO.File.WriteAllTextAsync(kubeconfig, """
            apiVersion: v1
            kind: Config
            clusters: [{name: none, cluster: {server: "http://127.0.0.1:9"}}]
            users: [{name: none, user: {token: none}}]
            contexts: [{name: none, context: {cluster: none, user: none}}]
            current-context: none
            """);

        var start = new System.Diagnostics.ProcessStartInfo(Path.Combine(output, "pulldoctor")) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in container["args"]!.AsArray().Select(a => (string)a!).Append("--kubeconfig").Append(kubeconfig))
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var env in container["env"]!.AsArray().OfType<JsonObject>())
        {
            var name = (string)env["name"]!;
            start.Environment[name] = (string?)env["value"] ?? (string?)env["valueFrom"]?["fieldRef"]?["fieldPath"] switch
            {
                "metadata.name" => "pulldoctor-7d9f-abcde",
                "metadata.namespace" => Helm.ReleaseNamespace,
                var other => throw new InvalidOperationException($"{name}: no test value for {other}"),
            };
        }

        using var process = System.Diagnostics.Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
            HttpResponseMessage? live = null;
            for (var deadline = DateTime.UtcNow.AddSeconds(30); live is null && DateTime.UtcNow < deadline && !process.HasExited;)
            {
                try
                {
                    live = await http.GetAsync(new Uri($"http://127.0.0.1:{port}{liveness}"));
                }
                catch (HttpRequestException)
                {
                    await Task.Delay(200);
                }
            }

            Assert.That(live, Is.Not.Null, () => $"no answer on :{port}{liveness}; exited: {process.HasExited}\n{(process.HasExited ? stderr.Result + stdout.Result : string.Empty)}");
            using var ready = await http.GetAsync(new Uri($"http://127.0.0.1:{port}{readiness}"));
            Assert.Multiple(() =>
            {
                Assert.That((int)live!.StatusCode, Is.EqualTo(200), liveness);
                Assert.That((int)ready.StatusCode, Is.EqualTo(503), $"{readiness}: not ready without an API server");
            });
            live!.Dispose();
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            await process.WaitForExitAsync();
            System.IO.File.Delete(kubeconfig);
        }
    }

    [OneTimeTearDown]
    public void DeletePublishedContext()
    {
        if (Context.IsValueCreated && Directory.Exists(Context.Value))
        {
            Directory.Delete(Context.Value, recursive: true);
        }
    }

    private static readonly Lazy<string> Context = new(CopyBuildContext);

    // Published once for the tests of this fixture: it is the one slow step (a Release build from scratch).
    private static readonly Lazy<Task<string>> Published = new(PublishAsync);

    private static async Task<string> PublishAsync()
    {
        var context = Context.Value;
        var output = Path.Combine(context, "app");
        foreach (var command in PublishCommands(output))
        {
            var result = await ProcessRunner.RunAsync("dotnet", command, TimeSpan.FromMinutes(8), workingDirectory: context);
            Assert.That(result.ExitCode, Is.Zero, () => $"dotnet {string.Join(' ', command)}\n{result}");
        }

        var size = new DirectoryInfo(output).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length);
        TestContext.Out.WriteLine($"published {size / 1024.0 / 1024.0:0.0} MiB to {output}");
        return output;
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The build stage's RUN dotnet commands with this machine's architecture and the given output.</summary>
    private static IEnumerable<string[]> PublishCommands(string output)
    {
        var architecture = RuntimeInformation.OSArchitecture switch
        {
            Architecture.X64 => "amd64",
            Architecture.Arm64 => "arm64",
            var other => throw new PlatformNotSupportedException(other.ToString()),
        };
        foreach (var run in File.Stage("build").All("RUN").Where(r => r.StartsWith("dotnet ", StringComparison.Ordinal)))
        {
            yield return [.. run["dotnet ".Length..]
                .Replace("$TARGETARCH", architecture, StringComparison.Ordinal)
                .Split(' ', StringSplitOptions.RemoveEmptyEntries)
                .Select(a => a == "/app" ? output : a)];
        }
    }

    /// <summary>The sources the build stage COPYs (context paths), e.g. src/ and Directory.Build.props.</summary>
    private static IEnumerable<string> CopiedPaths() =>
        File.Stage("build").All("COPY")
            .SelectMany(c => c.Split(' ', StringSplitOptions.RemoveEmptyEntries)[..^1])
            .Distinct();

    // A copy, not the working tree: other builds may be running there, and the copy holds exactly what the
    // Dockerfile COPYs, without bin/ and obj/ (.dockerignore), like the image build does.
    private static string CopyBuildContext()
    {
        var context = Path.Combine(Path.GetTempPath(), "pulldoctor-image-" + Guid.NewGuid().ToString("N")[..8]);
        foreach (var source in CopiedPaths())
        {
            var from = RepositoryPaths.Of(source.TrimEnd('/'));
            var to = Path.Combine(context, source.TrimEnd('/'));
            if (Directory.Exists(from))
            {
                CopyDirectory(from, to);
            }
            else
            {
                Directory.CreateDirectory(Path.GetDirectoryName(to)!);
                System.IO.File.Copy(from, to, overwrite: true);
            }
        }

        return context;
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from))
        {
            System.IO.File.Copy(file, Path.Combine(to, Path.GetFileName(file)), overwrite: true);
        }

        foreach (var directory in Directory.EnumerateDirectories(from))
        {
            var name = Path.GetFileName(directory);
            if (name is not ("bin" or "obj"))
            {
                CopyDirectory(directory, Path.Combine(to, name));
            }
        }
    }
}
