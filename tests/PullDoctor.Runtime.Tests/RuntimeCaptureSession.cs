using System.Diagnostics;
using System.Text;
using PullDoctor.RegistryFixtures;
using PullDoctor.TestSupport;
using PullDoctor.Runtime.Tests.Capture;
using PullDoctor.Runtime.Tests.Containerd;
using PullDoctor.Runtime.Tests.Sandbox;

namespace PullDoctor.Runtime.Tests;

/// <summary>
/// Runs the scenario runner once per test run, inside private network and mount namespaces, and shares
/// its capture with every test. In CI a runtime or tool that cannot start fails the tests; locally a
/// missing binary or missing root ignores them.
/// </summary>
public static class RuntimeCaptureSession
{
    private static int _saidNeedsRoot;

    private static readonly TimeSpan RunnerTimeout = TimeSpan.FromMinutes(4);
    private static readonly Lazy<Task<CaptureDocument>> Capture = new(RunAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>How long the runner took (namespace setup, fixtures, every pull).</summary>
    public static TimeSpan Duration { get; private set; }

    public static async Task<CaptureDocument> GetAsync()
    {
        RequirePrerequisites();
        return await Capture.Value.ConfigureAwait(false);
    }

    private static void RequirePrerequisites()
    {
        // Root first: without it nothing else matters, and the reason is said once, on the console, not only in
        // each of the suite's hundreds of skipped results.
        if (!string.Equals(Environment.UserName, "root", StringComparison.Ordinal))
        {
            if (Interlocked.Exchange(ref _saidNeedsRoot, 1) == 0)
            {
                TestContext.Error.WriteLine(
                    $"PullDoctor.Runtime.Tests: every runtime test is {(CiEnvironment.IsCi ? "failing" : "skipped")}: the suite needs root " +
                    $"(unshare --net --mount, containerd); run it as root, e.g. sudo dotnet test tests/PullDoctor.Runtime.Tests (user: {Environment.UserName}).");
            }

            CiEnvironment.Missing("root", "the runtime suite needs root (unshare --net --mount, containerd): run it as root");
        }

        foreach (var binary in new[] { ContainerdFixture.Binary, SkopeoPuller.Binary, ExternalBinary.DockerRegistry, ExternalBinary.Nginx })
        {
            ExternalBinary.Require(binary);
        }

        ExternalBinary.Require(PodmanPuller.Binary, "podman");
        ExternalBinary.Require("/usr/bin/unshare", "util-linux");
        ExternalBinary.Require(PrivateNetworkTools.Ip, "iproute2");
    }

    private static async Task<CaptureDocument> RunAsync()
    {
        var clock = Stopwatch.StartNew();
        using var work = TempDirectory.Create("runtime-session");
        var output = work.File("capture.json");
        var info = new ProcessStartInfo("/usr/bin/unshare")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardErrorEncoding = Encoding.UTF8,
        };

        // --kill-child: if this test host dies, the runner (and through its watchdogs, its servers) dies too.
        foreach (var argument in new[] { "--net", "--mount", "--fork", "--kill-child", "--", DotnetHost(), RunnerAssembly, "capture", "--out", output })
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment[PrivateNetwork.HostNamespacesVariable] = PrivateNetwork.CurrentNamespaces();
        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start unshare");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(RunnerTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"The runtime scenario runner did not finish within {RunnerTimeout.TotalMinutes} minutes.\n{Tail(await stderr.ConfigureAwait(false))}");
        }

        var log = (await stdout.ConfigureAwait(false)) + (await stderr.ConfigureAwait(false));
        Duration = clock.Elapsed;
        TestContext.Progress.WriteLine($"runtime capture: exit {process.ExitCode} after {Duration.TotalSeconds:0.0} s\n{Tail(log)}");
        if (process.ExitCode != 0 || !File.Exists(output))
        {
            throw new InvalidOperationException($"The runtime scenario runner failed (exit {process.ExitCode}). A runtime that cannot start fails the suite.\n{Tail(log)}");
        }

        return CaptureDocument.FromJson(await File.ReadAllTextAsync(output).ConfigureAwait(false));
    }

    /// <summary>This assembly, started a second time as the runner (it has its own Main).</summary>
    private static string RunnerAssembly => typeof(RuntimeCaptureSession).Assembly.Location;

    // The dotnet CLI tells child processes where it is; a test host started otherwise finds it on PATH.
    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } path && File.Exists(path) ? path : "dotnet";

    private static string Tail(string text) => text.Length <= 8000 ? text : "…" + text[^8000..];
}
