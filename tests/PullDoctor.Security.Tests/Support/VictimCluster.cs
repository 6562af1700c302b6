using System.Text.Json.Nodes;
using PullDoctor.RegistryFixtures;
using PullDoctor.Testing;
using PullDoctor.Tests.Support;

namespace PullDoctor.Security.Tests.Support;

/// <summary>
/// The in-process API server with two tenants: namespace <c>shop</c>, where the attacker may create pods, and
/// namespace <c>payments</c>, which holds the victim's pull secret and workloads. <see cref="DiagnosePodAsync"/> runs
/// the real <c>pulldoctor diagnose pod</c> against it through a kubeconfig, as a person would.
/// </summary>
public sealed class VictimCluster : IAsyncDisposable
{
    private readonly TempDirectory _folder = TempDirectory.Create("victim-cluster");

    private VictimCluster(KubeApiServer server) => Server = server;

    public KubeApiServer Server { get; }

    public static async Task<VictimCluster> StartAsync()
    {
        var server = await KubeApiServer.StartAsync();
        server.EnsureNamespace("shop");
        server.EnsureNamespace("payments");
        var victimConfig = Convert.ToBase64String("""{"auths":{"registry.payments.example":{"auth":"dmljdGltOnMzY3IzdA=="}}}"""u8.ToArray());
        server.Apply($$$"""
            apiVersion: v1
            kind: Node
            metadata:
              name: node-1
              labels: {kubernetes.io/os: linux, kubernetes.io/arch: amd64}
            ---
            apiVersion: v1
            kind: ServiceAccount
            metadata: {name: default, namespace: shop}
            ---
            apiVersion: v1
            kind: Secret
            metadata: {name: regcred, namespace: payments}
            type: kubernetes.io/dockerconfigjson
            data:
              .dockerconfigjson: {{{victimConfig}}}
            ---
            apiVersion: apps/v1
            kind: ReplicaSet
            metadata: {name: ledger, namespace: payments}
            spec:
              selector: {matchLabels: {app: ledger}}
              template:
                metadata: {labels: {app: ledger}}
                spec: {containers: [{name: ledger, image: registry.payments.example/ledger:payments-only-tag}]}
            """);
        return new VictimCluster(server);
    }

    /// <summary>A pod in <c>shop</c> stuck pulling an image, with the attacker's choice of names.</summary>
    public void AddStuckPod(
        string name,
        IReadOnlyList<string>? imagePullSecrets = null,
        string serviceAccount = "default",
        (string ApiVersion, string Kind, string Name)? owner = null,
        string image = "registry.payments.example/ledger:1.0",
        string containerName = "app",
        string? message = null,
        int containers = 1)
    {
        var names = Enumerable.Range(0, containers).Select(i => i == 0 ? containerName : $"{containerName}-{i}").ToArray();
        message ??= $"rpc error: code = Unknown desc = failed to pull and unpack image \"{image}\": failed to resolve reference \"{image}\": pulling from host registry.payments.example failed with status code [manifests 1.0]: 401 Unauthorized";
        var pod = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = new JsonObject
            {
                ["name"] = name,
                ["namespace"] = "shop",
                ["ownerReferences"] = owner is { } o
                    ? new JsonArray(new JsonObject
                    {
                        ["apiVersion"] = o.ApiVersion,
                        ["kind"] = o.Kind,
                        ["name"] = o.Name,
                        ["uid"] = "0b9c7c84-4c1e-4f3a-9d4e-1f2a3b4c5d6e",
                        ["controller"] = true,
                    })
                    : null,
            },
            ["spec"] = new JsonObject
            {
                ["nodeName"] = "node-1",
                ["serviceAccountName"] = serviceAccount,
                ["imagePullSecrets"] = new JsonArray([.. (imagePullSecrets ?? []).Select(s => (JsonNode)new JsonObject { ["name"] = s })]),
                ["containers"] = new JsonArray([.. names.Select(n => (JsonNode)new JsonObject { ["name"] = n, ["image"] = image })]),
            },
            ["status"] = new JsonObject
            {
                ["phase"] = "Pending",
                ["containerStatuses"] = new JsonArray([.. names.Select(n => (JsonNode)new JsonObject
                {
                    ["name"] = n,
                    ["image"] = image,
                    ["imageID"] = string.Empty,
                    ["ready"] = false,
                    ["restartCount"] = 0,
                    ["state"] = new JsonObject { ["waiting"] = new JsonObject { ["reason"] = "ErrImagePull", ["message"] = message } },
                })]),
            },
        };
        if (owner is null)
        {
            pod["metadata"]!.AsObject().Remove("ownerReferences");
        }

        Server.CreateOrReplace(pod);
    }

    public string WriteKubeconfig() => Server.WriteKubeconfig(Path.Combine(_folder.Path, "kubeconfig"));

    public Task<PullDoctorProcess.Result> DiagnosePodAsync(string name, params string[] extra)
    {
        var kubeconfig = WriteKubeconfig();
        return PullDoctorProcess.RunAsync(["diagnose", "pod", name, "-n", "shop", "--kubeconfig", kubeconfig, "--no-probe", "-o", "json", .. extra]);
    }

    /// <summary>No request of the diagnosis touched another namespace or anything cluster-wide but the node.</summary>
    public void AssertNothingReadOutsideShop()
    {
        var outside = Server.Requests.Entries
            .Where(r => r.Resource.Length > 0 && r.Namespace != "shop" && !(r.Resource == "nodes" && r.Name == "node-1"))
            .Select(r => $"{r.Method} {r.Path}")
            .ToArray();
        Assert.That(outside, Is.Empty, "requests outside the pod's namespace");
        Assert.That(Server.Requests.Entries.Where(r => r.Path.Contains("payments", StringComparison.Ordinal)).Select(r => r.Path), Is.Empty);
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        _folder.Dispose();
    }
}
