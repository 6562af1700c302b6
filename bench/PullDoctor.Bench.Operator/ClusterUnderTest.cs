using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using PullDoctor.Testing;
using PullDoctor.Testing.Api;
using PullDoctor.Testing.Diagnostics;
using PullDoctor.Testing.Resources;

namespace PullDoctor.Bench.Operator;

/// <summary>
/// One scenario's API server (in this process) with the CRD, namespaces, nodes and seeded pods, and the kubelet's
/// side of a pod becoming stuck: a status write plus Failed Events, with the time each status write returned.
/// </summary>
internal sealed class ClusterUnderTest : IAsyncDisposable
{
    public const string OperatorAgentPrefix = "pulldoctor";

    private readonly ResourceType _podType;
    private readonly ResourceType _eventType;
    private readonly WriteOptions _kubelet = new() { FieldManager = "kubelet" };
    private readonly ConcurrentDictionary<string, (JsonObject Pod, string Uid, string Node)> _pods = new(StringComparer.Ordinal);

    private static readonly System.Text.Json.JsonSerializerOptions Compact = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly string _workDirectory;

    private ClusterUnderTest(KubeApiServer server, string kubeconfig, string workDirectory)
    {
        _workDirectory = workDirectory;
        Server = server;
        Kubeconfig = kubeconfig;
        _podType = server.Resources.Registry.Find(string.Empty, "v1", "pods")!;
        _eventType = server.Resources.Registry.Find(string.Empty, "v1", "events")!;
    }

    public KubeApiServer Server { get; }

    public string Kubeconfig { get; }

    /// <summary>When each pod's stuck status was written (returned from the store), by namespace/name.</summary>
    public ConcurrentDictionary<string, DateTimeOffset> StuckAt { get; } = new(StringComparer.Ordinal);

    private long _seededBytes;

    public long SeededBytes => Interlocked.Read(ref _seededBytes);

    public static async Task<ClusterUnderTest> StartAsync(string repositoryRoot, string workDirectory)
    {
        var server = await KubeApiServer.StartAsync(new KubeApiServerOptions
        {
            WatchHistorySize = 200_000,
            RequestLogCapacity = 2_000_000,
        });
        server.Apply(File.ReadAllText(Path.Combine(repositoryRoot, "deploy/crds/imagepulldiagnoses.pulldoctor.dev.yaml")));
        for (var n = 0; n < PodFactory.Namespaces; n++)
        {
            server.EnsureNamespace(PodFactory.NamespaceOf(n));
        }

        for (var n = 0; n < PodFactory.Nodes; n++)
        {
            server.CreateOrReplace(JsonNode.Parse(string.Create(CultureInfo.InvariantCulture, $$"""
                {"apiVersion":"v1","kind":"Node","metadata":{"name":"node-{{n:D3}}","labels":{"kubernetes.io/os":"linux","kubernetes.io/arch":"amd64","kubernetes.io/hostname":"node-{{n:D3}}"} },
                 "status":{"nodeInfo":{"architecture":"amd64","operatingSystem":"linux","containerRuntimeVersion":"containerd://1.7.22","kubeletVersion":"v1.30.4","kernelVersion":"6.1.0","osImage":"Debian GNU/Linux 12","machineID":"m","systemUUID":"s","bootID":"b","kubeProxyVersion":"v1.30.4"} } }
                """))!.AsObject());
        }

        var kubeconfig = server.WriteKubeconfig(Path.Combine(workDirectory, "kubeconfig"));
        return new ClusterUnderTest(server, kubeconfig, workDirectory);
    }

    /// <summary>Creates a pod with its status (as the scheduler and kubelet would have written it).</summary>
    public void Seed(JsonObject pod)
    {
        var stored = Server.CreateOrReplace(pod);
        var meta = stored["metadata"]!;
        var key = meta["namespace"] + "/" + meta["name"];
        _pods[key] = (pod, (string)meta["uid"]!, (string)pod["spec"]!["nodeName"]!);
        var bytes = System.Text.Encoding.UTF8.GetByteCount(stored.ToJsonString(Compact));
        if (Interlocked.Add(ref _seededBytes, bytes) == bytes)
        {
            // One pod as stored, to show what "realistic size" means.
            File.WriteAllText(Path.Combine(_workDirectory, "sample-pod.json"), stored.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
        }
    }

    /// <summary>kubelet events for a pod seeded stuck.</summary>
    public void KubeletEvents(string ns, string name, string image, string message)
    {
        var (_, uid, node) = _pods[ns + "/" + name];
        var names = new List<string>();
        foreach (var e in PodFactory.KubeletPullEvents(ns, name, uid, node, image, message))
        {
            Server.Resources.Create(_eventType, ns, e, _kubelet);
            names.Add((string)e["metadata"]!["name"]!);
        }

        _events[ns + "/" + name] = names;
    }

    private readonly ConcurrentDictionary<string, List<string>> _events = new(StringComparer.Ordinal);

    /// <summary>
    /// One kubelet retry of a stuck pod's pull, as the kubelet writes it: the waiting reason goes to ErrImagePull (with
    /// the error) and back to ImagePullBackOff, and its event recorder counts the pod's pull Events up (same Events,
    /// count+1, new lastTimestamp). Nothing a diagnosis reads changes.
    /// </summary>
    public void Retry(string ns, string name, string image, int attempt)
    {
        WriteWaiting(ns, name, "ErrImagePull", PodFactory.NotFoundMessage(image));
        var now = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        foreach (var e in _events.GetValueOrDefault(ns + "/" + name) ?? [])
        {
            var patch = JsonNode.Parse(string.Create(CultureInfo.InvariantCulture, $$"""{"count":{{attempt + 1}},"lastTimestamp":"{{now}}"}"""));
            Server.Resources.Patch(_eventType, ns, e, "application/merge-patch+json", patch, null, _kubelet);
        }

        WriteWaiting(ns, name, "ImagePullBackOff", $"Back-off pulling image \"{image}\"");
    }

    private void WriteWaiting(string ns, string name, string reason, string message)
    {
        var (pod, _, _) = _pods[ns + "/" + name];
        var status = (JsonObject)pod["status"]!.DeepClone();
        var app = status["containerStatuses"]![0]!.AsObject();
        app["state"] = new JsonObject { ["waiting"] = new JsonObject { ["reason"] = reason, ["message"] = message } };
        var body = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = new JsonObject
            {
                ["name"] = name,
                ["namespace"] = ns,
                ["resourceVersion"] = Server.Resources.Get(_podType, ns, name).ResourceVersion.ToString(CultureInfo.InvariantCulture),
            },
            ["status"] = status,
        };
        Server.Resources.Update(_podType, ns, name, body, "status", _kubelet);
    }

    /// <summary>The kubelet reports a pull failure: the pod's status write (timed), then its Events.</summary>
    public void MakeStuck(string ns, string name, string image, string reason = "ErrImagePull")
    {
        var key = ns + "/" + name;
        var (pod, _, _) = _pods[key];
        var message = PodFactory.NotFoundMessage(image);
        var status = (JsonObject)pod["status"]!.DeepClone();
        var app = status["containerStatuses"]![0]!.AsObject();
        app["state"] = new JsonObject { ["waiting"] = new JsonObject { ["reason"] = reason, ["message"] = message } };
        app["imageID"] = string.Empty;
        app["ready"] = false;
        app["started"] = false;
        var body = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = new JsonObject
            {
                ["name"] = name,
                ["namespace"] = ns,
                ["resourceVersion"] = Server.Resources.Get(_podType, ns, name).ResourceVersion.ToString(CultureInfo.InvariantCulture),
            },
            ["status"] = status,
        };
        // Taken before the write: the watch event may reach the operator before Update returns.
        StuckAt[key] = DateTimeOffset.UtcNow;
        Server.Resources.Update(_podType, ns, name, body, "status", _kubelet);
        KubeletEvents(ns, name, image, message);
    }

    /// <summary>A healthy pod's status changes (readiness flap, new start time): a watch event the operator must drop.</summary>
    public void Churn(string ns, string name, int sequence)
    {
        var patch = JsonNode.Parse(string.Create(CultureInfo.InvariantCulture,
            $$"""{"status":{"startTime":"2025-11-20T08:{{sequence / 60 % 60:D2}}:{{sequence % 60:D2}}Z","message":"churn {{sequence}}"} }"""));
        Server.Resources.Patch(_podType, ns, name, "application/merge-patch+json", patch, "status", _kubelet);
    }

    public IReadOnlyList<RequestRecord> OperatorRequests(DateTimeOffset? since = null) =>
        Server.Requests.Entries.Where(r => r.UserAgent.StartsWith(OperatorAgentPrefix, StringComparison.Ordinal) && (since is null || r.Time >= since)).ToArray();

    /// <summary>Successful diagnosis status writes by namespace/name, in time order.</summary>
    public Dictionary<string, List<DateTimeOffset>> DiagnosisStatusWrites(DateTimeOffset? since = null)
    {
        var result = new Dictionary<string, List<DateTimeOffset>>(StringComparer.Ordinal);
        foreach (var r in OperatorRequests(since))
        {
            if (r.IsWrite && r.ResourceWithSubresource == "imagepulldiagnoses/status" && r.StatusCode < 300)
            {
                var key = r.Namespace + "/" + r.Name;
                if (!result.TryGetValue(key, out var list))
                {
                    result[key] = list = [];
                }

                list.Add(r.Time);
            }
        }

        return result;
    }

    /// <summary>Milliseconds from each stuck status write to the first diagnosis status write after it.</summary>
    public List<double> TimesToDiagnosis(IEnumerable<string> keys)
    {
        var writes = DiagnosisStatusWrites();
        var result = new List<double>();
        foreach (var key in keys)
        {
            if (StuckAt.TryGetValue(key, out var at) && writes.TryGetValue(key, out var times))
            {
                var first = times.FirstOrDefault(w => w >= at);
                if (first != default)
                {
                    result.Add((first - at).TotalMilliseconds);
                }
            }
        }

        return result;
    }

    public async ValueTask DisposeAsync() => await Server.DisposeAsync();
}
