using System.Diagnostics;
using System.Globalization;
using System.Net;
using k8s;
using PullDoctor.Demo.Output;
using PullDoctor.Demo.Scenario;
using PullDoctor.Operator.Hosting;
using PullDoctor.RegistryFixtures;
using PullDoctor.Testing;
using Serilog;
using Serilog.Events;

namespace PullDoctor.Demo;

/// <summary>
/// The operator's main job without a cluster: an in-process API server with the CRD and a namespace of stuck pods,
/// local registries for the probe, and the real operator (<see cref="OperatorApp"/>, as <c>pulldoctor run</c> hosts
/// it, with the real registry probe) against them; prints the diagnoses as kubectl shows them, then serves until
/// Ctrl-C (or, with <c>--once</c>, exits).
/// </summary>
internal static class DemoCommand
{
    public const int Success = 0;
    public const int NotSettled = 1;
    public const int UsageError = 2;

    public static async Task<int> RunAsync(DemoOptions options, TextWriter output, Task stopped, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        await output.WriteLineAsync("PullDoctor demo: the operator against an in-process Kubernetes API server (no cluster needed).");

        await using var server = await KubeApiServer.StartAsync(new KubeApiServerOptions { Port = options.Port }, cancellationToken);
        server.Apply(Crd());
        server.EnsureNamespace(ShopScenario.Namespace);
        server.EnsureNamespace("pulldoctor");
        await output.WriteLineAsync($"API server: {server.Url} (CRD imagepulldiagnoses.pulldoctor.dev installed)");

        await using var registries = await DemoRegistries.StartAsync(!options.NoRegistries, cancellationToken);
        foreach (var kind in Enum.GetValues<RegistryKind>())
        {
            await output.WriteLineAsync(registries[kind] is { } r
                ? $"registry ({Describe(kind)}): {r.Host}"
                : $"registry ({Describe(kind)}): not started: {registries.Unavailable[kind]}");
        }

        var cluster = new ClusterObjects(server, ShopScenario.Namespace, ShopScenario.NodeName, DateTime.UtcNow);
        var (staged, skipped) = ShopScenario.Stage(cluster, registries, RefusedPort.AllocateHost());
        await output.WriteLineAsync($"\nstaged in namespace {ShopScenario.Namespace}: {staged.Count} stuck pods on node {ShopScenario.NodeName} (linux/amd64)");
        var width = staged.Max(p => p.Workload.Length);
        foreach (var pod in staged)
        {
            await output.WriteLineAsync($"  {pod.Workload.PadRight(width)}  {pod.Image}: {pod.Story}");
        }

        foreach (var group in skipped.GroupBy(c => c.Reason))
        {
            await output.WriteLineAsync($"  skipped {string.Join(", ", group.Select(c => c.ExpectedCause))}: {group.Key}");
        }

        await using var app = OperatorApp.Create(OperatorOptions(), server.ClientConfiguration, new OperatorAppSettings
        {
            MetricsRegistry = Prometheus.Metrics.NewCustomRegistry(),
            // The operator's log would bury the demo's output (and it warns, rightly, about every failing registry here);
            // errors still show, on stderr.
            Logger = new LoggerConfiguration().MinimumLevel.Error().WriteTo.Console(standardErrorFromLevel: LogEventLevel.Verbose).CreateLogger(),
        });
        await app.StartAsync(cancellationToken);
        await output.WriteLineAsync($"\noperator: running (leader election on Lease pulldoctor/{app.Options.LeaseName}, real registry probe), metrics on {app.Address}metrics");

        using var client = new Kubernetes(server.ClientConfiguration);
        var unsettled = await DiagnosisWait.UntilDiagnosedAsync(client, ShopScenario.Namespace, staged, options.Timeout, cancellationToken);
        await output.WriteLineAsync(unsettled.Count == 0
            ? $"all {staged.Count} pods diagnosed ({clock.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s since start)"
            : $"not settled after {options.Timeout.TotalSeconds:0} s: {string.Join(", ", unsettled)}");

        using var http = new HttpClient { BaseAddress = server.Url };
        var printer = new DiagnosisPrinter(http, client);
        await output.WriteLineAsync("\n$ kubectl get ipd -A");
        await output.WriteAsync(await printer.GetIpdAllNamespacesAsync(cancellationToken));
        foreach (var pod in staged)
        {
            await output.WriteLineAsync($"\n$ kubectl describe pod -n {ShopScenario.Namespace} {pod.PodName}    # {pod.Workload}; PullDoctor's Events");
            await output.WriteAsync(await printer.DescribePullDoctorEventsAsync(ShopScenario.Namespace, pod.PodName, cancellationToken));
        }

        if (!options.Once)
        {
            server.WriteKubeconfig(options.Kubeconfig, ShopScenario.Namespace);
            await output.WriteLineAsync($"""

                Poke at it with kubectl until Ctrl-C:
                  export KUBECONFIG={options.Kubeconfig}
                  kubectl get ipd -A -o wide
                  kubectl get ipd {staged[0].PodName} -o yaml
                  kubectl describe pod {staged[0].PodName}
                  kubectl delete pod {staged[0].PodName}     # its diagnosis goes with it
                """);
            await output.FlushAsync(cancellationToken);
            await stopped;
            await output.WriteLineAsync("stopping");
        }

        await app.StopAsync(CancellationToken.None);
        return unsettled.Count == 0 ? Success : NotSettled;
    }

    private static OperatorOptions OperatorOptions() => new()
    {
        // The registries listen on loopback, which the probe otherwise never reaches (SSRF guard).
        AllowNetworks = [IPNetwork.Parse("127.0.0.0/8")],
        LeaseNamespace = "pulldoctor",
        Identity = "pulldoctor-demo",
        Port = 0,
        BindAddress = IPAddress.Loopback,
        LogFormat = "text",
        LogLevel = "Error",
    };

    private static string Describe(RegistryKind kind) => kind switch
    {
        RegistryKind.Open => "anonymous pulls, plain HTTP",
        RegistryKind.PasswordProtected => "password required",
        _ => "TLS, certificate from an untrusted CA",
    };

    private static string Crd()
    {
        using var stream = typeof(DemoCommand).Assembly.GetManifestResourceStream("PullDoctor.Demo.crd.yaml")
            ?? throw new InvalidOperationException("the CRD is not embedded in the demo");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
