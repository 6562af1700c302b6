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
}
