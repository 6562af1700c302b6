using System.Security.Cryptography.X509Certificates;
using PullDoctor.Diagnosis;
using k8s;
using k8s.Models;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Prometheus;
using PullDoctor.Operator.Caching;
using PullDoctor.Operator.Controllers;
using PullDoctor.Operator.Diagnosis;
using PullDoctor.Operator.Events;
using PullDoctor.Operator.Informers;
using PullDoctor.Operator.Informers.PodStream;
using PullDoctor.Operator.Kube;
using PullDoctor.Operator.LeaderElection;
using PullDoctor.Operator.Observability;
using PullDoctor.Operator.Queues;
using PullDoctor.Operator.Reconciliation;
using PullDoctor.Registry.Caching;
using PullDoctor.Registry.Network;
using PullDoctor.Registry.Probe;
using Serilog;
using Serilog.Extensions.Logging;

namespace PullDoctor.Operator.Hosting;

/// <summary>
/// <c>pulldoctor run</c>: pod informers (stuck pods only, as slim projections) and informers of sandbox-image pull
/// failures (FailedCreatePodSandBox Events) feed a work queue; a controller
/// runner reconciles ImagePullDiagnoses while this replica leads; /metrics, /healthz and /readyz are served on
/// one port. Build with <see cref="Create"/>, then <see cref="RunAsync"/> (until SIGTERM) or Start/Stop.
/// </summary>
public sealed class OperatorApp : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly IKubernetes _client;
    private readonly EventRecorder _events;
    private readonly IDisposable? _ownedProbe;

    private OperatorApp(WebApplication app, IKubernetes client, EventRecorder events, IDisposable? ownedProbe, Parts parts)
    {
        _app = app;
        _client = client;
        _events = events;
        _ownedProbe = ownedProbe;
        (Gate, Metrics, Informers, Runner, Queue, Prerequisites, Caches) = parts;
    }

    public required OperatorOptions Options { get; init; }

    internal LeadershipGate Gate { get; }

    internal OperatorMetrics Metrics { get; }

    internal IReadOnlyList<Informer<DecodedPod, PodSnapshot>> Informers { get; }

    internal ControllerRunner<ObjectKey> Runner { get; }

    internal RateLimitingWorkQueue<ObjectKey> Queue { get; }

    public required string Identity { get; init; }

    /// <summary>The CRD and RBAC check behind /readyz.</summary>
    internal ApiPrerequisites Prerequisites { get; }

    /// <summary>The informers a reconcile reads diagnoses and pull Events from.</summary>
    internal ReconcileCaches Caches { get; }

    /// <summary>What the event recorder did (created, series updates, spam-dropped, failed).</summary>
    internal EventRecorderStats EventStats => _events.Stats;

    /// <summary>The address /metrics, /healthz and /readyz are served on, once started.</summary>
    public Uri? Address
    {
        get
        {
            var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
            return address is null ? null : new Uri(address.Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal).Replace("[::]", "127.0.0.1", StringComparison.Ordinal));
        }
    }

    public static OperatorApp Create(OperatorOptions options, KubernetesClientConfiguration clientConfiguration, OperatorAppSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(clientConfiguration);
        settings ??= new OperatorAppSettings();
        var time = settings.Time;
        var serilog = settings.Logger ?? Logging.Create(options.LogFormat, options.LogLevel);
        var loggers = new SerilogLoggerFactory(serilog, dispose: false);
        var metrics = new OperatorMetrics(settings.MetricsRegistry ?? Prometheus.Metrics.DefaultRegistry);
        var identity = new LeaderElectionOptions { Identity = options.Identity }.ResolveIdentity();
        var election = ElectionOptions(options, clientConfiguration, identity);

        var (client, prerequisites) = ApiClient(options, clientConfiguration, settings, metrics, loggers);
        var gate = new LeadershipGate();
        var (probe, ownedProbe) = settings.Probe is { } given ? (given, null) : BuildProbe(options, time, loggers);
        var queue = new RateLimitingWorkQueue<ObjectKey>(time, RateLimiters.Default<ObjectKey>(time));
        var sources = ClusterSources.Create(client, options, queue, time, loggers, settings);
        var events = new EventRecorder(
            client,
            new EventRecorderOptions { ReportingController = DiagnosisReconciler.ReportingController, ReportingInstance = identity },
            time,
            loggers.CreateLogger<EventRecorder>());
        var runner = Controller(options, settings, client, sources, queue, gate, probe, events, metrics, prerequisites, loggers);
        PublishMetrics(metrics, queue, sources, gate, events);

        // Start order: election, prerequisites, informers (pods, sandbox Events, reconcile caches), event recorder,
        // runner. Stop runs in reverse, so writers stop first, the recorder then drains what they queued, and the Lease
        // is released last. A disabled election makes this replica lead at once and never touches a Lease.
        IHostedService[] services =
        [
            new LeaderElectionService(client, gate, election, loggers.CreateLogger<LeaderElectionService>(), time),
            prerequisites,
            .. sources.HostedServices,
            events,
            runner,
        ];
        var app = WebHost(options, settings, serilog, services);
        var health = new HealthChecks(sources.Pods, runner, prerequisites, sources.Caches);
        app.MapGet("/healthz", health.Healthz);
        app.MapGet("/readyz", health.Readyz);
        app.MapMetrics("/metrics", metrics.Registry);

        return new OperatorApp(app, client, events, ownedProbe, new Parts(gate, metrics, sources.Pods, runner, queue, prerequisites, sources.Caches))
        {
            Options = options,
            Identity = identity,
        };
    }

    private static LeaderElectionOptions ElectionOptions(OperatorOptions options, KubernetesClientConfiguration clientConfiguration, string identity)
    {
        var election = new LeaderElectionOptions
        {
            Enabled = options.LeaderElection,
            LeaseName = options.LeaseName,
            LeaseNamespace = options.LeaseNamespace ?? clientConfiguration.Namespace,
            Identity = identity,
            LeaseDuration = options.LeaseDuration,
            RenewDeadline = options.RenewDeadline,
            RetryPeriod = options.RetryPeriod,
        };
        return election.Validate() is { Count: > 0 } errors ? throw new OptionsException(string.Join("; ", errors)) : election;
    }

    /// <summary>
    /// The API client: Retry-After (429/503, bounded) outermost, then the optional QPS throttle, then API error
    /// counting and any test handlers closest to the wire, so every attempt is counted and seen. The prerequisites'
    /// observer sees every answer, so a 404 for the CRD's resource or a 403 during a reconcile makes /readyz say so
    /// and the check run again.
    /// </summary>
    private static (IKubernetes Client, ApiPrerequisites Prerequisites) ApiClient(
        OperatorOptions options, KubernetesClientConfiguration clientConfiguration, OperatorAppSettings settings, OperatorMetrics metrics, ILoggerFactory loggers)
    {
        IKubernetes? built = null;
        var prerequisites = new ApiPrerequisites(
            () => built ?? throw new InvalidOperationException("client not built yet"),
            options.Namespaces,
            settings.Time,
            loggers.CreateLogger<ApiPrerequisites>(),
            settings.PrerequisitesBackoffInitial,
            settings.PrerequisitesBackoffMax);
        DelegatingHandler[] innerHandlers = [new ApiErrorCountingHandler(metrics), prerequisites.Observer(), .. settings.ClientHandlers.Select(f => f())];

        // Our name in the API server's audit log (and in the tests' request log).
        clientConfiguration.UserAgent = KubeClientFactory.DefaultUserAgent;
        var client = KubeClientFactory.Create(clientConfiguration, new KubeClientOptions { Qps = options.Qps, Burst = options.Burst }, settings.Time, innerHandlers);
        built = client;
        settings.OnClient?.Invoke(client);
        return (client, prerequisites);
    }

    /// <summary>The reconciler over the sources' caches, with the one analysis (<see cref="PodAnalyzers"/>), run by the workers while this replica leads.</summary>
    private static ControllerRunner<ObjectKey> Controller(
        OperatorOptions options,
        OperatorAppSettings settings,
        IKubernetes client,
        ClusterSources sources,
        RateLimitingWorkQueue<ObjectKey> queue,
        LeadershipGate gate,
        IRegistryProbe probe,
        EventRecorder events,
        OperatorMetrics metrics,
        ApiPrerequisites prerequisites,
        ILoggerFactory loggers)
    {
        var time = settings.Time;
        var reader = sources.Caches.Reader(new KubeClusterReader(client));
        var diagnoses = sources.Caches.Diagnoses(new KubeDiagnosisClient(client));
        var analyzer = PodAnalyzers.Create(
            reader,
            options.Probe ? probe : null,
            time,
            options.UsePullSecrets,
            (elapsed, result) => metrics.ProbeDuration.WithLabels(result.IsPullable ? "Pullable" : result.Cause?.ToString() ?? result.Verdict.ToString()).Observe(elapsed.TotalSeconds),
            new PodAnalyzerOptions
            {
                // A registry that does not answer holds none of the workers: its pods are diagnosed from the
                // messages first and looked at again when the probe's answer arrives.
                ProbeWait = options.ProbeWait,
                OnLateProbe = pod => queue.Add(new ObjectKey(pod.Namespace, pod.Name)),
                Time = time,
            });
        var reconciler = new DiagnosisReconciler(
            sources.StuckPods, diagnoses, reader, analyzer, events, time, metrics, loggers.CreateLogger<DiagnosisReconciler>(), sources.SandboxPulls, settings.RecheckInterval);
        return new ControllerRunner<ObjectKey>(
            reconciler,
            queue,
            gate,
            new ControllerRunnerOptions
            {
                Name = "imagepulldiagnosis",
                Workers = options.Workers,
                ReconcileTimeout = options.ReconcileTimeout,
                // No reconcile before the CRD is there and usable (a missing one is logged once, by the prerequisites).
                WaitForCacheSync = ct => Task.WhenAll(sources.WaitForSyncAsync(ct), prerequisites.WaitReadyAsync(ct)),
                OnReconciled = report =>
                {
                    metrics.Reconciles.WithLabels(OutcomeLabel(report.Outcome)).Inc();
                    metrics.ReconcileDuration.Observe(report.Duration.TotalSeconds);
                },
            },
            time,
            loggers.CreateLogger<ControllerRunner<ObjectKey>>());
    }

    /// <summary>Gauges and counters read from the parts at each scrape.</summary>
    private static void PublishMetrics(OperatorMetrics metrics, RateLimitingWorkQueue<ObjectKey> queue, ClusterSources sources, LeadershipGate gate, EventRecorder events)
    {
        var informerStats = sources.Stats.ToArray();
        foreach (var (name, _) in informerStats)
        {
            // Present with 0 from the start.
            metrics.WatchRestarts.WithLabels(name);
            metrics.Relists.WithLabels(name);
        }

        var store = sources.StuckPods;
        metrics.Registry.AddBeforeCollectCallback(() =>
        {
            metrics.QueueDepth.Set(queue.Length + queue.WaitingCount);
            metrics.QueueRetries.IncTo(queue.RetriesTotal);
            metrics.StuckPods.Set(store.Count);
            metrics.PublishStuckByCause(key => store.TryGet(key, out _));
            metrics.Leader.Set(gate.IsLeader ? 1 : 0);
            metrics.Events.WithLabels("created").IncTo(events.Stats.Created);
            metrics.Events.WithLabels("series_update").IncTo(events.Stats.SeriesUpdates);
            metrics.Events.WithLabels("spam_dropped").IncTo(events.Stats.DroppedSpam);
            metrics.Events.WithLabels("queue_full").IncTo(events.Stats.DroppedQueueFull);
            metrics.Events.WithLabels("failed").IncTo(events.Stats.Failed);
            foreach (var (name, stats) in informerStats)
            {
                metrics.WatchRestarts.WithLabels(name).IncTo(stats.WatchRestarts);
                metrics.Relists.WithLabels(name).IncTo(stats.Relists);
            }
        });
    }

    /// <summary>One Kestrel port for /metrics, /healthz and /readyz; the hosted services start in the order given.</summary>
    private static WebApplication WebHost(OperatorOptions options, OperatorAppSettings settings, Serilog.ILogger serilog, IEnumerable<IHostedService> services)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        builder.Services.AddSerilog(serilog, dispose: settings.Logger is null);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(20));
        builder.WebHost.UseKestrel(k => k.Listen(options.BindAddress, options.Port));
        foreach (var service in services)
        {
            builder.Services.AddSingleton(service);
        }

        return builder.Build();
    }

    public Task StartAsync(CancellationToken cancellationToken = default) => _app.StartAsync(cancellationToken);

    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        Queue.ShutDown();
        await _app.StopAsync(cancellationToken);
    }

    /// <summary>Runs until the host is asked to stop (SIGTERM, Ctrl+C, or <paramref name="cancellationToken"/>).</summary>
    public Task RunAsync(CancellationToken cancellationToken = default) => _app.RunAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _events.Dispose();
        Queue.Dispose();
        _client.Dispose();
        _ownedProbe?.Dispose();
    }

    private static (IRegistryProbe Probe, IDisposable? Owned) BuildProbe(OperatorOptions options, TimeProvider time, ILoggerFactory loggers)
    {
        var probeOptions = new RegistryProbeOptions
        {
            NetworkPolicy = NetworkPolicy.Operator with { AllowedNetworks = options.AllowNetworks, DeniedNetworks = options.DenyNetworks },
        };
        foreach (var registry in options.PlainHttpRegistries)
        {
            probeOptions.PlainHttpRegistries.Add(registry);
        }

        if (options.CaFile is { } caFile)
        {
            var certificates = new X509Certificate2Collection();
            certificates.ImportFromPemFile(caFile);
            foreach (var certificate in certificates)
            {
                probeOptions.ExtraTrustedCertificates.Add(certificate);
            }
        }

        var probe = RegistryProbes.Create(probeOptions, time, loggers.CreateLogger<RegistryProbe>());
        return (probe, probe);
    }

    private static string OutcomeLabel(ReconcileOutcome outcome) => outcome switch
    {
        ReconcileOutcome.Success => "success",
        ReconcileOutcome.Error => "error",
        ReconcileOutcome.Requeue => "requeue",
        ReconcileOutcome.RequeueAfter => "requeue_after",
        _ => "interrupted",
    };

    /// <summary>The running parts the tests look at (internal: the CLI needs only to start and stop the app).</summary>
    private sealed record Parts(
        LeadershipGate Gate,
        OperatorMetrics Metrics,
        IReadOnlyList<Informer<DecodedPod, PodSnapshot>> Informers,
        ControllerRunner<ObjectKey> Runner,
        RateLimitingWorkQueue<ObjectKey> Queue,
        ApiPrerequisites Prerequisites,
        ReconcileCaches Caches);
}
