using System.Diagnostics;
using System.Text.Json.Nodes;

namespace PullDoctor.Testing.Tests;

/// <summary>The standalone mode: <c>PullDoctor.Testing serve</c> preloads YAML, writes a kubeconfig, serves until SIGTERM.</summary>
[NonParallelizable]
public sealed class StandaloneServeTests
{
    [Test]
    public async Task Serve_PreloadsYaml_WritesKubeconfig_AndStopsOnSigterm()
    {
        var dir = Directory.CreateTempSubdirectory("serve-test-").FullName;
        try
        {
            var kubeconfig = Path.Combine(dir, "kubeconfig");
            var objects = Path.Combine(dir, "objects.yaml");
            await File.WriteAllTextAsync(objects, """
                apiVersion: v1
                kind: Namespace
                metadata: {name: shop}
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: settings, namespace: shop}
                data: {mode: fast}
                """);
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "PullDoctor.Testing.dll"), "serve", "--kubeconfig", kubeconfig, objects })
            {
                start.ArgumentList.Add(arg);
            }

            using var process = Process.Start(start)!;
            try
            {
                var output = new List<string>();
                string? url = null;
                // Generous: starting a second .NET process on a loaded 2-core machine can take a while.
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
                while (url is null && await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
                {
                    output.Add(line);
                    if (line.StartsWith("serving on ", StringComparison.Ordinal))
                    {
                        url = line["serving on ".Length..];
                    }
                }

                Assert.That(url, Is.Not.Null, () => string.Join('\n', output));
                Assert.That(output, Does.Contain($"loaded 2 object(s) from {objects}"));
                Assert.That(await File.ReadAllTextAsync(kubeconfig, timeout.Token), Does.Contain($"server: {url!.TrimEnd('/')}"));
                using (var http = new HttpClient { BaseAddress = new Uri(url) })
                {
                    var cm = JsonNode.Parse(await http.GetStringAsync("/api/v1/namespaces/shop/configmaps/settings", timeout.Token))!;
                    Assert.That(cm["data"]!["mode"]!.ToString(), Is.EqualTo("fast"));
                }

                using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
                {
                    await kill.WaitForExitAsync(timeout.Token);
                }

                await process.WaitForExitAsync(timeout.Token);
                Assert.That(process.ExitCode, Is.EqualTo(0));
                Assert.That(await process.StandardOutput.ReadToEndAsync(timeout.Token), Does.Contain("stopping"));
            }
            finally
            {
                if (!process.HasExited)
                {
                    process.Kill();
                }
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Test]
    public async Task Serve_MissingPreloadFile_OneLineOnStderr_Exit2()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"no-such-{Guid.NewGuid():N}.yaml");
        using var process = StartServe(missing);
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
            var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
            var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token);

            Assert.Multiple(async () =>
            {
                Assert.That(process.ExitCode, Is.EqualTo(2));
                Assert.That(await stderr, Is.EqualTo($"error: {missing}: no such file\n"));
                Assert.That(await stdout, Does.Not.Contain("serving on"));
            });
        }
        finally
        {
            Stop(process);
        }
    }

    [Test]
    public async Task Serve_ShippedSample_EventsAndOwnersPointAtTheLoadedObjects()
    {
        var root = RepositoryRoot();
        var dir = Directory.CreateTempSubdirectory("serve-sample-").FullName;
        var kubeconfig = Path.Combine(dir, "kubeconfig");
        using var process = StartServe("--kubeconfig", kubeconfig, Path.Combine(root, "deploy/crds/imagepulldiagnoses.pulldoctor.dev.yaml"), Path.Combine(root, "tests/PullDoctor.Testing/Samples/pods.yaml"));
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
            var url = await ReadServingUrlAsync(process, timeout.Token);
            using var http = new HttpClient { BaseAddress = new Uri(url) };
            async Task<JsonNode> Get(string path) => JsonNode.Parse(await http.GetStringAsync(path, timeout.Token))!;

            var pod = await Get("/api/v1/namespaces/shop/pods/web-7c9d4b8f6-x2x9q");
            var replicaSet = await Get("/apis/apps/v1/namespaces/shop/replicasets/web-7c9d4b8f6");
            var deployment = await Get("/apis/apps/v1/namespaces/shop/deployments/web");
            var podUid = pod["metadata"]!["uid"]!.ToString();
            var events = await Get($"/api/v1/namespaces/shop/events?fieldSelector=involvedObject.uid%3D{podUid}");
            var crd = await Get("/apis/apiextensions.k8s.io/v1/customresourcedefinitions/imagepulldiagnoses.pulldoctor.dev");

            Assert.Multiple(() =>
            {
                Assert.That(podUid, Is.Not.EqualTo("7b0e5c1e-2f4a-4c61-9d0e-6a1f2b3c4d5e"), "the server assigns its own uids");
                Assert.That(events["items"]!.AsArray().Select(e => e!["reason"]!.ToString()), Is.EquivalentTo(new[] { "Pulling", "Failed", "BackOff" }));
                Assert.That(pod["metadata"]!["ownerReferences"]![0]!["uid"]!.ToString(), Is.EqualTo(replicaSet["metadata"]!["uid"]!.ToString()));
                Assert.That(replicaSet["metadata"]!["ownerReferences"]![0]!["uid"]!.ToString(), Is.EqualTo(deployment["metadata"]!["uid"]!.ToString()));
                Assert.That(pod["status"]!["containerStatuses"]![0]!["state"]!["waiting"]!["reason"]!.ToString(), Is.EqualTo("ImagePullBackOff"));
                Assert.That(crd["spec"]!["names"]!["shortNames"]![0]!.ToString(), Is.EqualTo("ipd"));
            });
        }
        finally
        {
            Stop(process);
            Directory.Delete(dir, recursive: true);
        }
    }

    private static Process StartServe(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "PullDoctor.Testing.dll"));
        start.ArgumentList.Add("serve");
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return Process.Start(start)!;
    }

    private static async Task<string> ReadServingUrlAsync(Process process, CancellationToken cancellationToken)
    {
        var output = new List<string>();
        while (await process.StandardOutput.ReadLineAsync(cancellationToken) is { } line)
        {
            output.Add(line);
            if (line.StartsWith("serving on ", StringComparison.Ordinal))
            {
                return line["serving on ".Length..];
            }
        }

        Assert.Fail($"serve ended before serving: {string.Join('\n', output)}\n{await process.StandardError.ReadToEndAsync(cancellationToken)}");
        return string.Empty;
    }

    private static void Stop(Process process)
    {
        if (!process.HasExited)
        {
            process.Kill();
            process.WaitForExit(TimeSpan.FromSeconds(10));
        }
    }

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
}
