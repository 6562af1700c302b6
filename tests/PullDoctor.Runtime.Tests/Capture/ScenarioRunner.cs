using System.Diagnostics;
using PullDoctor.RegistryFixtures;
using PullDoctor.Runtime.Tests.Containerd;
using PullDoctor.Runtime.Tests.Sandbox;

namespace PullDoctor.Runtime.Tests.Capture;

/// <summary>
/// The part that runs inside <c>unshare --net --mount --fork</c>: sets up the private network, starts
/// every fixture and containerd, pulls every scenario with every runtime in parallel and writes the
/// <see cref="CaptureDocument"/> as JSON.
/// </summary>
internal static class ScenarioRunner
{
    private static readonly TimeSpan CriClientTimeout = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan SkopeoTimeout = TimeSpan.FromSeconds(90);

    public static async Task<int> RunAsync(string outputPath)
    {
        using var overall = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        var cancellationToken = overall.Token;
        var clock = Stopwatch.StartNew();
        PrivateNetwork.EnsureIsolated();
        using var work = TempDirectory.Create("runtime-capture");
        await PrivateNetwork.SetUpAsync(work, TestHostNames.Mapped, cancellationToken).ConfigureAwait(false);
        await using var dns = NxDomainDnsServer.Start();
        await using var environment = await ScenarioEnvironment.StartAsync(work.Sub("certs.d"), cancellationToken).ConfigureAwait(false);
        Log($"fixtures and containerd ready after {clock.Elapsed.TotalSeconds:0.0} s (containerd {environment.Containerd.StartupTime.TotalMilliseconds:0} ms)");

        var registriesConf = work.File("registries.conf");
        await File.WriteAllTextAsync(registriesConf, string.Empty, cancellationToken).ConfigureAwait(false);
        var pulls = environment.Stage();
        var tasks = new List<Task<CapturedMessage>>();

        // Control pulls store the same image under several names and RemoveImage removes the image with
        // all its names, so they run one after another (in parallel with everything else).
        var controls = pulls.Where(p => ScenarioCatalog.Get(p.Scenario).IsControl).ToList();
        var controlResults = PullControlsWithContainerdAsync(environment.Containerd, controls, cancellationToken);
        foreach (var pull in pulls)
        {
            var scenario = ScenarioCatalog.Get(pull.Scenario);
            if (scenario.IsStagedBy(RuntimeNames.ContainerdCri) && !scenario.IsControl)
            {
                tasks.Add(PullWithContainerdAsync(environment.Containerd, pull, cancellationToken));
            }

            if (scenario.IsStagedBy(RuntimeNames.Skopeo))
            {
                tasks.Add(PullWithSkopeoAsync(pull, work.Sub("skopeo-" + pull.Scenario), registriesConf, cancellationToken));
            }

            if (scenario.IsStagedBy(RuntimeNames.Podman))
            {
                tasks.Add(PullWithPodmanAsync(pull, work.Sub("podman-" + pull.Scenario), registriesConf, cancellationToken));
            }
        }

        CapturedMessage[] messages;
        try
        {
            messages = [.. await Task.WhenAll(tasks).ConfigureAwait(false), .. await controlResults.ConfigureAwait(false)];
        }
        catch
        {
            Log("containerd log tail:\n" + environment.Containerd.LogTail);
            throw;
        }

        var versions = await VersionsAsync(cancellationToken).ConfigureAwait(false);
        var document = new CaptureDocument(versions, [.. messages.OrderBy(m => m.Scenario, StringComparer.Ordinal).ThenBy(m => m.Runtime, StringComparer.Ordinal)]);
        await File.WriteAllTextAsync(outputPath, document.ToJson(), cancellationToken).ConfigureAwait(false);
        Log($"{messages.Length} pulls captured after {clock.Elapsed.TotalSeconds:0.0} s (DNS answered {dns.Answered} queries)");
        return 0;
    }

    private static async Task<List<CapturedMessage>> PullControlsWithContainerdAsync(ContainerdFixture containerd, IReadOnlyList<StagedPull> controls, CancellationToken cancellationToken)
    {
        var results = new List<CapturedMessage>();
        foreach (var control in controls)
        {
            results.Add(await PullWithContainerdAsync(containerd, control, cancellationToken).ConfigureAwait(false));
        }

        return results;
    }

    private static async Task<CapturedMessage> PullWithContainerdAsync(ContainerdFixture containerd, StagedPull pull, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var outcome = await containerd.Client.PullAsync(pull.Image, pull.Credentials, pull.CriDeadline, CriClientTimeout, cancellationToken).ConfigureAwait(false);
        var seconds = Math.Round(clock.Elapsed.TotalSeconds, 2);
        if (outcome.Succeeded)
        {
            // A control pull proves the node-side configuration works; ImageStatus and RemoveImage are
            // the other two calls the kubelet makes around a pull.
            var present = await containerd.Client.IsPresentAsync(pull.Image, cancellationToken).ConfigureAwait(false);
            await containerd.Client.RemoveAsync(pull.Image, cancellationToken).ConfigureAwait(false);
            var gone = !await containerd.Client.IsPresentAsync(pull.Image, cancellationToken).ConfigureAwait(false);
            return present && gone
                ? new CapturedMessage(pull.Scenario, RuntimeNames.ContainerdCri, pull.Image, true, null, null, seconds)
                : new CapturedMessage(pull.Scenario, RuntimeNames.ContainerdCri, pull.Image, false, "Internal", $"PullImage succeeded but ImageStatus said present={present}, removed={gone}", seconds);
        }

        return new CapturedMessage(pull.Scenario, RuntimeNames.ContainerdCri, pull.Image, false, outcome.Code, outcome.Message, seconds);
    }

    private static async Task<CapturedMessage> PullWithSkopeoAsync(StagedPull pull, string workDirectory, string registriesConf, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var (succeeded, message) = await SkopeoPuller.CopyAsync(pull.Image, pull.Skopeo, workDirectory, registriesConf, SkopeoTimeout, cancellationToken).ConfigureAwait(false);
        return new CapturedMessage(pull.Scenario, RuntimeNames.Skopeo, pull.Image, succeeded, null, message, Math.Round(clock.Elapsed.TotalSeconds, 2));
    }

    private static async Task<CapturedMessage> PullWithPodmanAsync(StagedPull pull, string workDirectory, string registriesConf, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var (succeeded, message) = await PodmanPuller.PullAsync(pull.Image, pull.Skopeo, workDirectory, registriesConf, SkopeoTimeout, cancellationToken).ConfigureAwait(false);
        return new CapturedMessage(pull.Scenario, RuntimeNames.Podman, pull.Image, succeeded, null, message, Math.Round(clock.Elapsed.TotalSeconds, 2));
    }

    private static async Task<Dictionary<string, string>> VersionsAsync(CancellationToken cancellationToken)
    {
        var registry = await CommandRunner.RunAsync(ExternalBinary.DockerRegistry, ["--version"], TimeSpan.FromSeconds(10), cancellationToken: cancellationToken).ConfigureAwait(false);
        var nginx = await CommandRunner.RunAsync(ExternalBinary.Nginx, ["-v"], TimeSpan.FromSeconds(10), cancellationToken: cancellationToken).ConfigureAwait(false);
        var runc = await CommandRunner.RunAsync("/usr/sbin/runc", ["--version"], TimeSpan.FromSeconds(10), cancellationToken: cancellationToken).ConfigureAwait(false);
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["containerd"] = await ContainerdFixture.VersionAsync(cancellationToken).ConfigureAwait(false),
            ["skopeo"] = await SkopeoPuller.VersionAsync(cancellationToken).ConfigureAwait(false),
            ["podman"] = await PodmanPuller.VersionAsync(cancellationToken).ConfigureAwait(false),
            ["registry"] = (registry.StandardOutput + registry.StandardError).Trim(),
            ["nginx"] = (nginx.StandardOutput + nginx.StandardError).Trim(),
            ["runc"] = (runc.StandardOutput + runc.StandardError).Split('\n')[0].Trim(),
        };
    }

    private static void Log(string message) => Console.Error.WriteLine($"[runtime-capture] {message}");
}
