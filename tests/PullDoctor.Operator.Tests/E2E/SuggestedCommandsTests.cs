using System.Text.Json.Nodes;
using PullDoctor.Core.Causes;
using PullDoctor.Core.Classification;
using PullDoctor.Core.Remediation;
using PullDoctor.Operator.Tests.Support;
using PullDoctor.RegistryFixtures;
using PullDoctor.Testing;
using PullDoctor.TestSupport;

namespace PullDoctor.Operator.Tests.E2E;

/// <summary>
/// Every kubectl command PullDoctor suggests, pasted into bash as a person would, run for real with the real kubectl
/// against the in-process API server — per workload kind (Deployment, StatefulSet, DaemonSet, ReplicaSet, Job,
/// CronJob, bare Pod, an Argo Rollout), per container kind, per cause — each case in a namespace of its own holding
/// the workload, its stuck pod, its service account and pull secret. A command must succeed, and a command that
/// edits an object must change exactly the field it is for. Placeholders are filled in as a person would.
/// </summary>
[NonParallelizable]
public sealed class SuggestedCommandsTests
{
    private const string Image = "registry.example.com:5000/team/app:1.25.9";
    private const string PodName = "web-7c9d-x2x";
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(30);

    // What a person types for each placeholder (valid values of each grammar).
    private static readonly (string Placeholder, string Value)[] Fillings =
    [
        ("<registry-host>", "registry.example.com"), ("<registry>", "registry.example.com"), ("<port>", "5443"),
        ("<repository>", "team/app"), ("<image>", "registry.example.com/team/app"), ("<tag>", "1.26.0"), ("<existing-tag>", "1.26.0"),
        ("<username>", "robot"), ("<password>", "s3cret"), ("<secret-name>", "regcred"), ("<other-namespace>", "shared"), ("<node>", "node-1"),
    ];

    private static readonly CauseCode[] Causes = Enum.GetValues<CauseCode>();

    private KubeApiServer _server = null!;
    private string _directory = null!;
    private string _kubeconfig = null!;
    private string _kubectl = null!;
    private int _namespaces;

    /// <summary>Every workload kind the advice knows, and a custom owner.</summary>
    internal static readonly (string Kind, string ApiVersion)[] Kinds =
    [
        ("Deployment", "apps/v1"), ("StatefulSet", "apps/v1"), ("DaemonSet", "apps/v1"), ("ReplicaSet", "apps/v1"),
        ("Job", "batch/v1"), ("CronJob", "batch/v1"), ("Pod", "v1"), ("Rollout", "argoproj.io/v1alpha1"),
    ];

    public static IEnumerable<TestCaseData> Cases()
    {
        foreach (var (kind, apiVersion) in Kinds)
        {
            foreach (var cause in Causes)
            {
                yield return new TestCaseData(kind, apiVersion, ContainerKind.Container, cause, false).SetArgDisplayNames(kind, "container", cause.ToString());
            }

            // Init containers live in another list of the pod spec: the edits that name a list.
            foreach (var cause in new[] { CauseCode.TagNotFound, CauseCode.NeverPullPolicy, CauseCode.InvalidImageReference })
            {
                yield return new TestCaseData(kind, apiVersion, ContainerKind.InitContainer, cause, false).SetArgDisplayNames(kind, "init container", cause.ToString());
            }
        }

        yield return new TestCaseData("Pod", "v1", ContainerKind.EphemeralContainer, CauseCode.TagNotFound, false).SetArgDisplayNames("Pod", "ephemeral container", nameof(CauseCode.TagNotFound));

        // A Deployment whose new ReplicaSet is stuck while the old one still has ready pods: rollout undo is offered.
        foreach (var cause in new[] { CauseCode.TagNotFound, CauseCode.AuthenticationRequired })
        {
            yield return new TestCaseData("Deployment", "apps/v1", ContainerKind.Container, cause, true).SetArgDisplayNames("Deployment", "stuck rollout", cause.ToString());
        }
    }

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _kubectl = PinnedTools.Kubectl();
        _server = await KubeApiServer.StartAsync(new KubeApiServerOptions { UseTls = true });
        _directory = Directory.CreateTempSubdirectory("suggested-commands-").FullName;
        _kubeconfig = _server.WriteKubeconfig(Path.Combine(_directory, "kubeconfig"));
        _server.CreateOrReplace(new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Node", ["metadata"] = new JsonObject { ["name"] = "node-1" } });
        _server.CreateOrReplace(Secret("shared", "regcred-missing")); // the secret a pod names exists, in another namespace
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [TestCaseSource(nameof(Cases))]
    public async Task EverySuggestedKubectlCommand_Succeeds_AndChangesOnlyWhatItIsFor(string kind, string apiVersion, ContainerKind containerKind, CauseCode cause, bool stuckRollout)
    {
        var (context, facts) = Scenario(kind, apiVersion, containerKind, cause, stuckRollout);
        var workload = context.Workload!;
        var image = facts.Image!;

        // Steps are alternatives as often as a sequence: each command runs in a fresh copy of the namespace, and
        // the advice is written for that namespace (it differs in nothing else).
        var advice = AdviceWriter.Write(cause, facts, context with { Namespace = "shop" });
        TestContext.Out.WriteLine(string.Join("\n", advice.Steps.Select(s => s.Command is null ? s.Text : $"{s.Text}\n  $ {s.Command}")));
        var count = advice.Steps.Count(s => s.Command is not null);
        Assert.That(advice.Steps.Any(s => s.Command == "kubectl -n shop rollout undo deployment/web"), Is.EqualTo(stuckRollout), "rollout undo offered exactly for a stuck rollout");
        for (var i = 0; i < count; i++)
        {
            var ns = $"case-{Interlocked.Increment(ref _namespaces)}";
            var command = AdviceWriter.Write(cause, facts, context with { Namespace = ns }).Steps.Select(s => s.Command).OfType<string>().ElementAt(i);
            if (!command.StartsWith("kubectl ", StringComparison.Ordinal))
            {
                continue;
            }

            if (command.Contains(" -it ", StringComparison.Ordinal))
            {
                // `kubectl run … --rm -it` attaches a terminal and needs a running pod: shown, never run here.
                Assert.That(command, Does.StartWith("kubectl run dnscheck --rm -it --restart=Never --image=busybox:1.36 -- nslookup "));
                continue;
            }

            var pasted = Fillings.Aggregate(command, (text, fill) => text.Replace(fill.Placeholder, fill.Value, StringComparison.Ordinal));
            Assert.That(pasted, Does.Not.Contain("<").And.Not.Contain(">"), $"a placeholder nobody can fill: {command}");
            Seed(ns, kind, apiVersion, image, stuckRollout);
            var edited = EditedObject(pasted, ns, workload);
            var before = edited is null ? null : await GetAsync(edited.Value.Resource, ns, edited.Value.Name);

            var run = await BashAsync(pasted);
            Assert.That(run.Exit, Is.Zero, $"$ {pasted}\n{run.Out}{run.Err}");

            if (edited is { } target)
            {
                var after = await GetAsync(target.Resource, ns, target.Name);
                Assert.That(Changes(before!, after), Is.EqualTo(target.Changes), $"$ {pasted} changes exactly {string.Join(", ", target.Changes)}");
            }
        }
    }

    /// <summary>
    /// The staged case for a kind, container kind and cause: a pod of <c>web</c> in namespace <c>shop</c> whose image
    /// is on a registry with a port (by a short name or a bad reference where the cause is about those), the probe's
    /// two near tags, a node of another platform. Shared with the generated table of suggested commands.
    /// </summary>
    internal static (RemediationContext Context, PullFacts Facts) Scenario(string kind, string apiVersion, ContainerKind containerKind, CauseCode cause, bool stuckRollout)
    {
        var container = containerKind switch { ContainerKind.InitContainer => "init", ContainerKind.EphemeralContainer => "debugger", _ => "app" };
        var image = cause switch
        {
            CauseCode.InvalidImageReference => "registry.example.com:5000/Team/App:1.25.9",
            CauseCode.ShortNameResolutionFailed => "team/app:1.25.9",
            _ => Image,
        };
        var workload = new WorkloadReference(kind, kind == "Pod" ? PodName : "web")
        {
            ApiVersion = apiVersion,
            Via = kind switch { "CronJob" => "web-29011", "Deployment" => "web-7c9d", _ => null },
            RunningReplicaSet = stuckRollout ? "web-5f4" : null,
            RunningReadyPods = stuckRollout ? 3 : null,
        };
        var context = new RemediationContext
        {
            PodName = PodName,
            Workload = workload,
            ContainerName = container,
            ContainerKind = containerKind,
            ServiceAccountName = "default",
            PullSecrets = cause is CauseCode.PullSecretMissing ? [new("regcred-missing", PullSecretSource.Pod, PullSecretState.Missing)]
                : cause is CauseCode.PullSecretInvalid ? [new("regcred", PullSecretSource.Pod, PullSecretState.Invalid, "not of type kubernetes.io/dockerconfigjson")]
                : [new("regcred", PullSecretSource.Pod, PullSecretState.Found)],
            SuggestedTags = ["1.25.4", "1.25.3"],
            AvailablePlatforms = ["linux/amd64"],
            NodePlatform = "linux/arm64",
            NodeName = "node-1",
        };
        var facts = new PullFacts
        {
            Image = image,
            RegistryHost = "registry.example.com:5000",
            HttpStatus = cause switch { CauseCode.TagNotFound or CauseCode.ImageNotFound or CauseCode.RepositoryNotFound => 404, CauseCode.RegistryServerError => 503, _ => null },
            DnsName = "registry.example.com",
        };

        return (context with { Namespace = "shop" }, facts);
    }

    // The object a set image or patch edits, and the leaf paths it must change (inside the pod spec, by container).
    private static (string Resource, string Name, string[] Changes)? EditedObject(string command, string ns, WorkloadReference workload)
    {
        var podSpec = workload.WorkloadKind switch
        {
            WorkloadKind.CronJob => "spec.jobTemplate.spec.template.spec",
            WorkloadKind.Pod => "spec",
            _ => "spec.template.spec",
        };
        var target = (workload.Kind.ToLowerInvariant(), workload.Name);
        if (command.StartsWith($"kubectl -n {ns} patch serviceaccount ", StringComparison.Ordinal))
        {
            return ("serviceaccount", "default", ["imagePullSecrets[0].name"]);
        }

        if (command == $"kubectl -n {ns} rollout undo deployment/web")
        {
            // Back to the old ReplicaSet's template, which differs in the app container's image.
            return ("deployment", "web", ["spec.template.spec.containers[0].image"]);
        }

        if (command.StartsWith($"kubectl -n {ns} set image ", StringComparison.Ordinal))
        {
            var container = command.Split(' ')[^1].Split('=')[0];
            return (target.Item1, target.Name, [$"{podSpec}.{(container == "init" ? "initContainers" : "containers")}[0].image"]);
        }

        if (command.StartsWith($"kubectl -n {ns} patch ", StringComparison.Ordinal))
        {
            return command.Contains("imagePullSecrets", StringComparison.Ordinal)
                ? (target.Item1, target.Name, [$"{podSpec}.imagePullSecrets[0].name"])
                : command.Contains("nodeSelector", StringComparison.Ordinal)
                ? (target.Item1, target.Name, [$"{podSpec}.nodeSelector.kubernetes.io/arch"])
                : (target.Item1, target.Name, [$"{podSpec}.{(command.Contains("initContainers", StringComparison.Ordinal) ? "initContainers" : "containers")}[0].imagePullPolicy"]);
        }

        return null;
    }

    private void Seed(string ns, string kind, string apiVersion, string image, bool stuckRollout = false)
    {
        _server.CreateOrReplace(new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = ns } });
        _server.CreateOrReplace(new JsonObject { ["apiVersion"] = "v1", ["kind"] = "ServiceAccount", ["metadata"] = new JsonObject { ["name"] = "default", ["namespace"] = ns } });
        _server.CreateOrReplace(Secret(ns));
        var labels = new JsonObject { ["app"] = "web" };
        JsonObject Template(string restartPolicy) => new()
        {
            ["metadata"] = new JsonObject { ["labels"] = labels.DeepClone() },
            ["spec"] = PodSpec(restartPolicy, image),
        };
        JsonObject? workload = kind switch
        {
            "Deployment" or "StatefulSet" or "DaemonSet" or "ReplicaSet" => new JsonObject
            {
                ["selector"] = new JsonObject { ["matchLabels"] = labels.DeepClone() },
                ["template"] = Template("Always"),
            },
            "Job" => new JsonObject { ["template"] = Template("Never") },
            "CronJob" => new JsonObject { ["schedule"] = "0 3 * * *", ["jobTemplate"] = new JsonObject { ["spec"] = new JsonObject { ["template"] = Template("Never") } } },
            _ => null,
        };
        if (kind == "StatefulSet")
        {
            workload!["serviceName"] = "web";
        }

        if (workload is not null)
        {
            var metadata = new JsonObject { ["name"] = "web", ["namespace"] = ns };
            if (stuckRollout)
            {
                // As the Deployment controller keeps it (kubectl rollout undo replaces the annotations it finds).
                metadata["annotations"] = new JsonObject { ["deployment.kubernetes.io/revision"] = "2" };
            }

            var stored = _server.CreateOrReplace(new JsonObject { ["apiVersion"] = apiVersion, ["kind"] = kind, ["metadata"] = metadata, ["spec"] = workload });
            if (stuckRollout)
            {
                // Revision 1 (web-5f4, the image before, 3 ready pods) and revision 2 (web-7c9d, the stuck image), both
                // controlled by the Deployment, as its controller leaves them.
                var uid = stored["metadata"]!["uid"]!.GetValue<string>();
                _server.CreateOrReplace(ReplicaSet(ns, "web-5f4", "5f4", 1, uid, Image.Replace(":1.25.9", ":1.25.3", StringComparison.Ordinal), image, ready: 3));
                _server.CreateOrReplace(ReplicaSet(ns, "web-7c9d", "7c9d", 2, uid, image, image, ready: 0));
            }
        }

        var pod = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = new JsonObject { ["name"] = PodName, ["namespace"] = ns, ["labels"] = labels.DeepClone() },
            ["spec"] = PodSpec(kind is "Job" or "CronJob" ? "Never" : "Always", image),
        };
        _server.CreateOrReplace(pod);
        if (kind == "CronJob")
        {
            // The Job the CronJob created for the stuck run.
            _server.CreateOrReplace(new JsonObject { ["apiVersion"] = "batch/v1", ["kind"] = "Job", ["metadata"] = new JsonObject { ["name"] = "web-29011", ["namespace"] = ns }, ["spec"] = new JsonObject { ["template"] = Template("Never") } });
        }
    }

    private static JsonObject ReplicaSet(string ns, string name, string hash, int revision, string deploymentUid, string appImage, string initImage, int ready)
    {
        var spec = PodSpec("Always", initImage);
        spec["containers"]![0]!["image"] = appImage;
        return new JsonObject
        {
            ["apiVersion"] = "apps/v1",
            ["kind"] = "ReplicaSet",
            ["metadata"] = new JsonObject
            {
                ["name"] = name,
                ["namespace"] = ns,
                ["labels"] = new JsonObject { ["app"] = "web", ["pod-template-hash"] = hash },
                ["annotations"] = new JsonObject { ["deployment.kubernetes.io/revision"] = revision.ToString(System.Globalization.CultureInfo.InvariantCulture) },
                ["ownerReferences"] = new JsonArray(new JsonObject { ["apiVersion"] = "apps/v1", ["kind"] = "Deployment", ["name"] = "web", ["uid"] = deploymentUid, ["controller"] = true, ["blockOwnerDeletion"] = true }),
            },
            ["spec"] = new JsonObject
            {
                ["replicas"] = ready,
                ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = "web", ["pod-template-hash"] = hash } },
                ["template"] = new JsonObject { ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app"] = "web", ["pod-template-hash"] = hash } }, ["spec"] = spec },
            },
            ["status"] = new JsonObject { ["replicas"] = ready, ["readyReplicas"] = ready, ["availableReplicas"] = ready },
        };
    }

    private static JsonObject PodSpec(string restartPolicy, string image) => new()
    {
        ["restartPolicy"] = restartPolicy,
        ["initContainers"] = new JsonArray(new JsonObject { ["name"] = "init", ["image"] = image, ["imagePullPolicy"] = "Never" }),
        ["containers"] = new JsonArray(new JsonObject { ["name"] = "app", ["image"] = image, ["imagePullPolicy"] = "Never" }),
    };

    private static JsonObject Secret(string ns, string name = "regcred") => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Secret",
        ["type"] = "kubernetes.io/dockerconfigjson",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
        ["data"] = new JsonObject { [".dockerconfigjson"] = Convert.ToBase64String("""{"auths":{"registry.example.com:5000":{"auth":"cm9ib3Q6czNjcmV0"}}}"""u8) },
    };

    // Leaf paths whose values differ, outside what the server maintains (resourceVersion, generation, managedFields).
    private static string[] Changes(JsonNode before, JsonNode after)
    {
        var left = Leaves(before);
        var right = Leaves(after);
        return [.. left.Keys.Union(right.Keys)
            .Where(path => !path.StartsWith("metadata.", StringComparison.Ordinal) && !path.StartsWith("status.", StringComparison.Ordinal))
            .Where(path => !(left.TryGetValue(path, out var l) && right.TryGetValue(path, out var r) && l == r))
            .Order(StringComparer.Ordinal)];
    }

    private static Dictionary<string, string> Leaves(JsonNode node)
    {
        var leaves = new Dictionary<string, string>(StringComparer.Ordinal);
        void Walk(JsonNode? current, string path)
        {
            switch (current)
            {
                case JsonObject obj:
                    foreach (var (key, value) in obj)
                    {
                        Walk(value, path.Length == 0 ? key : $"{path}.{key}");
                    }

                    break;
                case JsonArray array:
                    for (var i = 0; i < array.Count; i++)
                    {
                        Walk(array[i], $"{path}[{i}]");
                    }

                    break;
                default:
                    leaves[path] = current?.ToJsonString() ?? "null";
                    break;
            }
        }

        Walk(node, string.Empty);
        return leaves;
    }

    private async Task<JsonNode> GetAsync(string resource, string ns, string name)
    {
        var run = await RunAsync(_kubectl, ["-n", ns, "get", resource, name, "-o", "json"]);
        Assert.That(run.Exit, Is.Zero, run.Err);
        return JsonNode.Parse(run.Out)!;
    }

    // As pasted into a shell; `aws` stands in for the AWS CLI (it prints a token), kubectl is the real one.
    private Task<(int Exit, string Out, string Err)> BashAsync(string command) =>
        RunAsync("/bin/bash", ["-euo", "pipefail", "-c", $"kubectl() {{ command {ShellQuoting.Quote(_kubectl)} \"$@\"; }}\naws() {{ echo ecr-token; }}\n{command}"]);

    private async Task<(int Exit, string Out, string Err)> RunAsync(string file, IEnumerable<string> arguments)
    {
        var result = await CommandRunner.RunAsync(file, arguments, CommandTimeout, environment: new Dictionary<string, string> { ["KUBECONFIG"] = _kubeconfig, ["HOME"] = _directory });
        return (result.ExitCode, result.StandardOutput, result.StandardError);
    }
}
