using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using PullDoctor.Operator.Crds;
using PullDoctor.Operator.Hosting;
using PullDoctor.Operator.Reconciliation;
using PullDoctor.Operator.Tests.Support;
using PullDoctor.Registry.Probe;
using PullDoctor.Testing;
using PullDoctor.Testing.Diagnostics;
using Serilog;
using PullDoctor.TestSupport;

namespace PullDoctor.Operator.Tests.E2E;

/// <summary>
/// One in-process API server with our CRD, a node and a namespace, plus operators started against it. The test's
/// own client sends user agent <c>e2e-test</c>, the operator <c>pulldoctor/…</c>, so the request log tells them apart.
/// </summary>
internal sealed class OperatorHarness : IAsyncDisposable
{
    public const string Namespace = "shop";
    public const string NodeName = "node-1";

    private readonly List<OperatorApp> _operators = [];

    private OperatorHarness(KubeApiServer server)
    {
        Server = server;
        var config = server.ClientConfiguration;
        config.UserAgent = "e2e-test";
        Client = new Kubernetes(config);
    }

    public KubeApiServer Server { get; }

    public Kubernetes Client { get; }

    public static TimeSpan Timeout { get; } = TimeSpan.FromSeconds(CiEnvironment.IsCi ? 30 : 15);

    public static async Task<OperatorHarness> StartAsync(KubeApiServerOptions? options = null, bool installCrd = true)
    {
        var server = await KubeApiServer.StartAsync(options);
        if (installCrd)
        {
            InstallCrd(server);
        }

        server.EnsureNamespace(Namespace);
        server.EnsureNamespace("pulldoctor");
        server.CreateOrReplace(Json(new V1Node
        {
            ApiVersion = "v1",
            Kind = "Node",
            Metadata = new V1ObjectMeta { Name = NodeName, Labels = new Dictionary<string, string> { ["kubernetes.io/os"] = "linux", ["kubernetes.io/arch"] = "amd64" } },
        }));
        server.CreateOrReplace(Json(new V1ServiceAccount { ApiVersion = "v1", Kind = "ServiceAccount", Metadata = new V1ObjectMeta { Name = "default", NamespaceProperty = Namespace } }));
        server.CreateOrReplace(Json(new V1ReplicaSet
        {
            ApiVersion = "apps/v1",
            Kind = "ReplicaSet",
            Metadata = new V1ObjectMeta
            {
                Name = "web-7c9d",
                NamespaceProperty = Namespace,
                OwnerReferences = [new V1OwnerReference { ApiVersion = "apps/v1", Kind = "Deployment", Name = "web", Uid = "deployment-web-uid", Controller = true }],
            },
            Spec = new V1ReplicaSetSpec
            {
                Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "web" } },
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = "web" } },
                    Spec = new V1PodSpec { Containers = [new V1Container { Name = "web", Image = "nginx" }] },
                },
            },
        }));
        return new OperatorHarness(server);
    }

    /// <summary>Installs the ImagePullDiagnosis CRD as shipped (deploy/crds/), as <c>kubectl apply -f deploy/crds/</c> does.</summary>
    public static void InstallCrd(KubeApiServer server) =>
        server.Apply(File.ReadAllText(RepositoryPaths.Of("deploy/crds/imagepulldiagnoses.pulldoctor.dev.yaml")));

    public static OperatorOptions DefaultOptions => new()
    {
        LeaderElection = false,
        Port = 0,
        BindAddress = IPAddress.Loopback,
        Workers = 4,
        AllowNetworks = [IPNetwork.Parse("127.0.0.0/8")],
        LeaseNamespace = "pulldoctor",
        LeaseDuration = TimeSpan.FromSeconds(4),
        RenewDeadline = TimeSpan.FromSeconds(3),
        RetryPeriod = TimeSpan.FromMilliseconds(500),
        LogFormat = "text",
    };

    /// <param name="apiServer">Where the operator reaches the API server (e.g. through a <see cref="TcpRelay"/>); the server itself by default.</param>
    public async Task<OperatorApp> StartOperatorAsync(OperatorOptions? options = null, IRegistryProbe? probe = null, TimeSpan? recheck = null, ILogger? logger = null, Uri? apiServer = null)
    {
        var configuration = Server.ClientConfiguration;
        if (apiServer is not null)
        {
            configuration.Host = apiServer.ToString();
        }

        var app = OperatorApp.Create(options ?? DefaultOptions, configuration, new OperatorAppSettings
        {
            Probe = probe,
            MetricsRegistry = Prometheus.Metrics.NewCustomRegistry(),
            Logger = logger ?? (Environment.GetEnvironmentVariable("E2E_LOG") == "1"
                ? new LoggerConfiguration().MinimumLevel.Debug().WriteTo.Console().CreateLogger()
                : new LoggerConfiguration().CreateLogger()),
            PrerequisitesBackoffInitial = TimeSpan.FromMilliseconds(50),
            PrerequisitesBackoffMax = TimeSpan.FromMilliseconds(400),
            ConfigureInformer = o =>
            {
                o.BackoffInitial = TimeSpan.FromMilliseconds(50);
                o.BackoffMax = TimeSpan.FromMilliseconds(500);
            },
            ConfigureSandboxInformer = o =>
            {
                o.BackoffInitial = TimeSpan.FromMilliseconds(50);
                o.BackoffMax = TimeSpan.FromMilliseconds(500);
            },
            ConfigureDiagnosisInformer = o =>
            {
                o.BackoffInitial = TimeSpan.FromMilliseconds(50);
                o.BackoffMax = TimeSpan.FromMilliseconds(500);
            },
            ConfigurePullEventInformer = o =>
            {
                o.BackoffInitial = TimeSpan.FromMilliseconds(50);
                o.BackoffMax = TimeSpan.FromMilliseconds(500);
            },
            RecheckInterval = recheck,
        });
        _operators.Add(app);
        await app.StartAsync();
        return app;
    }

    public static async Task StopAsync(OperatorApp app)
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    /// <summary>Stores a kubernetes.io/dockerconfigjson Secret with one auths entry, keyed <paramref name="key"/>.</summary>
    public void PutDockerConfigSecret(string name, string key, string user, string password)
    {
        var auth = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{user}:{password}"));
        Server.CreateOrReplace(Json(new V1Secret
        {
            ApiVersion = "v1",
            Kind = "Secret",
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = Namespace },
            Type = "kubernetes.io/dockerconfigjson",
            Data = new Dictionary<string, byte[]> { [".dockerconfigjson"] = System.Text.Encoding.UTF8.GetBytes("{\"auths\":{\"" + key + "\":{\"auth\":\"" + auth + "\"}}}") },
        }));
    }

    public V1Pod PutPod(V1Pod pod)
    {
        pod.ApiVersion = "v1";
        pod.Kind = "Pod";
        pod.Metadata.ResourceVersion = null;
        pod.Metadata.ManagedFields = null;
        var stored = Server.CreateOrReplace(Json(pod));
        return KubernetesJson.Deserialize<V1Pod>(stored.ToJsonString());
    }

    /// <summary>Replaces the pod's status through the status subresource, as the kubelet does.</summary>
    public async Task<V1Pod> SetPodStatusAsync(V1Pod withStatus)
    {
        var current = await Client.CoreV1.ReadNamespacedPodAsync(withStatus.Metadata.Name, withStatus.Metadata.NamespaceProperty ?? Namespace);
        current.Status = withStatus.Status;
        return await Client.CoreV1.ReplaceNamespacedPodStatusAsync(current, current.Metadata.Name, current.Metadata.NamespaceProperty);
    }

    /// <summary>An Event as the kubelet posts it (core/v1, source kubelet).</summary>
    public void KubeletEvent(V1Pod pod, string reason, string message, string type = "Warning", DateTime? at = null)
    {
        var time = at ?? DateTime.UtcNow;
        Server.CreateOrReplace(Json(new Corev1Event
        {
            ApiVersion = "v1",
            Kind = "Event",
            Metadata = new V1ObjectMeta { Name = $"{pod.Metadata.Name}.{Guid.NewGuid():N}", NamespaceProperty = pod.Metadata.NamespaceProperty },
            InvolvedObject = new V1ObjectReference { ApiVersion = "v1", Kind = "Pod", Name = pod.Metadata.Name, NamespaceProperty = pod.Metadata.NamespaceProperty, Uid = pod.Metadata.Uid, FieldPath = "spec.containers{web}" },
            Reason = reason,
            Message = message,
            Type = type,
            Source = new V1EventSource { Component = "kubelet", Host = NodeName },
            FirstTimestamp = time,
            LastTimestamp = time,
            Count = 1,
        }));
    }

    public async Task<ImagePullDiagnosis?> GetDiagnosisAsync(string name, string ns = Namespace)
    {
        try
        {
            return await Client.CustomObjects.GetNamespacedCustomObjectAsync<ImagePullDiagnosis>(ImagePullDiagnosis.GroupName, ImagePullDiagnosis.Version, ns, ImagePullDiagnosis.Plural, name);
        }
        catch (k8s.Autorest.HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public async Task<ImagePullDiagnosis> WaitForDiagnosisAsync(string name, Func<ImagePullDiagnosis, bool> condition, string what)
    {
        ImagePullDiagnosis? last = null;
        await WaitUntilAsync(async () => (last = await GetTolerantAsync(name)) is { } d && condition(d), () => $"{what}; last: {(last is null ? "none" : KubernetesJson.Serialize(last.Status))}");
        return last!;
    }

    // Injected faults hit the test's own reads too: those are not what a test is about.
    private async Task<ImagePullDiagnosis?> GetTolerantAsync(string name)
    {
        try
        {
            return await GetDiagnosisAsync(name);
        }
        catch (k8s.Autorest.HttpOperationException ex) when ((int)ex.Response.StatusCode is 429 or >= 500)
        {
            return null;
        }
    }

    /// <summary>Events PullDoctor posted, as core/v1 shows them.</summary>
    public async Task<IReadOnlyList<Corev1Event>> PullDoctorEventsAsync(string ns = Namespace)
    {
        var list = await Client.CoreV1.ListNamespacedEventAsync(ns);
        return list.Items.Where(e => e.ReportingComponent == DiagnosisReconciler.ReportingController).ToArray();
    }

    /// <summary>Every request the operator(s) made, by user agent.</summary>
    public IReadOnlyList<RequestRecord> OperatorRequests() =>
        Server.Requests.Entries.Where(r => r.UserAgent.StartsWith("pulldoctor", StringComparison.Ordinal)).ToArray();

    public IReadOnlyList<RequestRecord> OperatorWrites() => OperatorRequests().Where(r => r.IsWrite).ToArray();

    /// <summary>
    /// Waits (bounded) until <paramref name="app"/> has run at least <paramref name="reconciles"/> reconciles and is
    /// quiet: no worker busy, nothing ready in its queue, every Event it accepted sent. After that, a write that has
    /// not happened will not happen without a new change, so "nothing more was written" can be asserted without a
    /// fixed sleep.
    /// </summary>
    public static Task WaitForQuietAsync(OperatorApp app, long reconciles = 0) =>
        WaitUntilAsync(
            () => Task.FromResult(app.Runner.Stats.Total >= reconciles && app.Runner.Stats.ActiveWorkers == 0 && app.Queue.Length == 0 && app.EventStats.Processed >= app.EventStats.Recorded),
            () => $"operator quiet after {reconciles} reconcile(s): {app.Runner.Stats.Total} done, {app.Runner.Stats.ActiveWorkers} busy, {app.Queue.Length} queued, {app.EventStats.Recorded - app.EventStats.Processed} Event(s) unsent");

    /// <summary>Polls <paramref name="condition"/> every 20 ms: the operator works asynchronously against a real server.</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, Func<string> what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? Timeout);
        while (true)
        {
            if (await condition())
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"timed out waiting: {what()}");
            }

            await Task.Delay(20);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var app in _operators)
        {
            try
            {
                await app.StopAsync();
                await app.DisposeAsync();
            }
            catch (ObjectDisposedException)
            {
            }
        }

        Client.Dispose();
        await Server.DisposeAsync();
    }

    internal static JsonObject Json(object obj) => JsonNode.Parse(KubernetesJson.Serialize(obj))!.AsObject();
}
