using System.Text.Json.Nodes;
using k8s;
using PullDoctor.Operator.Tests.Informers;
using PullDoctor.Operator.Tests.Support;
using PullDoctor.Testing.Yaml;

namespace PullDoctor.Operator.Tests.Informers.PodStream;

/// <summary>
/// Every pod the repository holds as a fixture (JSON samples, YAML manifests, the test builders), and pods generated
/// from them with what the decoder must skip or survive: managedFields, volumes, env, probes, unknown fields, nulls,
/// escaped strings, very long messages, properties in another order.
/// </summary>
internal static class PodFixtureCorpus
{
    public static IReadOnlyList<(string Name, JsonObject Pod)> RepositoryPods()
    {
        var pods = new List<(string, JsonObject)>
        {
            ("corpus/pod.json", Json("tests/PullDoctor.Core.Tests/Corpus/samples/pod.json")),
            ("corpus/pod-init.json", Json("tests/PullDoctor.Core.Tests/Corpus/samples/pod-init.json")),
        };
        foreach (var file in new[] { "tests/PullDoctor.Testing/Samples/pods.yaml", "tests/PullDoctor.Tests/Explain/Inputs/pod-deployment.yaml" })
        {
            var index = 0;
            foreach (var doc in YamlLoader.ParseDocuments(File.ReadAllText(RepositoryPaths.Of(file))))
            {
                if (doc["kind"]?.GetValue<string>() == "Pod")
                    pods.Add(($"{Path.GetFileName(file)}#{index++}", doc));
            }
        }

        pods.Add(("PodFixtures.Stuck", PodFixtures.Stuck("stuck")));
        pods.Add(("PodFixtures.Running", PodFixtures.Running("running")));
        pods.Add(("Pods.Stuck", Typed(Pods.Stuck())));
        pods.Add(("Pods.Stuck/BackOff", Typed(Pods.Stuck(reason: "ImagePullBackOff", message: "Back-off pulling image \"nginx:1.25.x\""))));
        pods.Add(("Pods.Running", Typed(Pods.Running(Pods.Stuck()))));
        return pods;
    }

    /// <summary>The repository's pods, each also in every variant below, and a few seeded random mixes.</summary>
    public static IEnumerable<(string Name, JsonObject Pod)> All()
    {
        var random = new Random(16);
        foreach (var (name, pod) in RepositoryPods())
        {
            yield return (name, pod);
            foreach (var (variant, mutate) in Variants)
            {
                var copy = pod.DeepClone().AsObject();
                mutate(copy, random);
                yield return ($"{name}+{variant}", copy);
            }

            for (var mix = 0; mix < 4; mix++)
            {
                var copy = pod.DeepClone().AsObject();
                foreach (var (_, mutate) in Variants.OrderBy(_ => random.Next()).Take(4))
                    mutate(copy, random);
                yield return ($"{name}+mix{mix}", copy);
            }
        }
    }

    private static readonly (string Name, Action<JsonObject, Random> Mutate)[] Variants =
    [
        ("skipped-fields", (pod, _) => AddSkippedFields(pod)),
        ("unknown-fields", (pod, _) => AddUnknownFields(pod)),
        ("nulls", (pod, random) => NullSomeFields(pod, random)),
        ("escaped", (pod, _) => EscapeStrings(pod)),
        ("long-message", (pod, _) => LongMessages(pod)),
        ("status-first", (pod, _) => Reorder(pod)),
        ("init-and-ephemeral", (pod, _) => AddInitAndEphemeral(pod)),
        ("owners-and-secrets", (pod, _) => AddOwnersAndSecrets(pod)),
        ("terminated-and-running", (pod, _) => TerminatedAndRunning(pod)),
    ];

    private static JsonObject Json(string relative) => JsonNode.Parse(File.ReadAllText(RepositoryPaths.Of(relative)))!.AsObject();

    private static JsonObject Typed(k8s.Models.V1Pod pod) => JsonNode.Parse(KubernetesJson.Serialize(pod))!.AsObject();

    private static JsonObject Metadata(JsonObject pod) => Object(pod, "metadata");

    private static JsonObject Spec(JsonObject pod) => Object(pod, "spec");

    private static JsonObject Status(JsonObject pod) => Object(pod, "status");

    private static JsonObject Object(JsonObject parent, string name)
    {
        if (parent[name] is JsonObject existing)
            return existing;
        var created = new JsonObject();
        parent[name] = created;
        return created;
    }

    private static IEnumerable<JsonObject> Items(JsonObject parent, string name) =>
        parent[name] is JsonArray array ? array.OfType<JsonObject>() : [];

    private static IEnumerable<JsonObject> AllStatuses(JsonObject pod) =>
        new[] { "initContainerStatuses", "containerStatuses", "ephemeralContainerStatuses" }.SelectMany(n => Items(Status(pod), n));

    private static IEnumerable<JsonObject> AllContainers(JsonObject pod) =>
        new[] { "initContainers", "containers", "ephemeralContainers" }.SelectMany(n => Items(Spec(pod), n));

    private static void AddSkippedFields(JsonObject pod)
    {
        Metadata(pod)["managedFields"] = JsonNode.Parse("""
            [{"manager":"kubelet","operation":"Update","apiVersion":"v1","time":"2026-01-01T00:00:00Z","fieldsType":"FieldsV1",
              "fieldsV1":{"f:status":{"f:containerStatuses":{},"f:conditions":{".":{},"k:{\"type\":\"Ready\"}":{".":{},"f:status":{}}}}},"subresource":"status"}]
            """);
        Metadata(pod)["annotations"] = JsonNode.Parse("""{"kubectl.kubernetes.io/last-applied-configuration":"{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"spec\":{\"containers\":[{\"name\":\"x\"}]}}"}""");
        Metadata(pod)["labels"] = JsonNode.Parse("""{"app":"web","pod-template-hash":"7c9d"}""");
        Spec(pod)["volumes"] = JsonNode.Parse("""[{"name":"kube-api-access","projected":{"sources":[{"serviceAccountToken":{"expirationSeconds":3607,"path":"token"}},{"configMap":{"name":"kube-root-ca.crt","items":[{"key":"ca.crt","path":"ca.crt"}]}}],"defaultMode":420}}]""");
        Spec(pod)["tolerations"] = JsonNode.Parse("""[{"key":"node.kubernetes.io/not-ready","operator":"Exists","effect":"NoExecute","tolerationSeconds":300}]""");
        Spec(pod)["affinity"] = JsonNode.Parse("""{"nodeAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":{"nodeSelectorTerms":[{"matchExpressions":[{"key":"a","operator":"In","values":["b"]}]}]}}}""");
        foreach (var container in AllContainers(pod))
        {
            container["env"] = JsonNode.Parse("""[{"name":"A","value":"1"},{"name":"B","valueFrom":{"secretKeyRef":{"name":"s","key":"k"}}}]""");
            container["livenessProbe"] = JsonNode.Parse("""{"httpGet":{"path":"/healthz","port":8080,"scheme":"HTTP"},"periodSeconds":10}""");
            container["readinessProbe"] = JsonNode.Parse("""{"exec":{"command":["cat","/tmp/ready"]}}""");
            container["resources"] = JsonNode.Parse("""{"limits":{"cpu":"500m","memory":"128Mi"},"requests":{"cpu":"100m"}}""");
            container["ports"] = JsonNode.Parse("""[{"containerPort":80,"protocol":"TCP","name":"http"}]""");
            container["volumeMounts"] = JsonNode.Parse("""[{"name":"kube-api-access","readOnly":true,"mountPath":"/var/run/secrets/kubernetes.io/serviceaccount"}]""");
        }

        Status(pod)["conditions"] = JsonNode.Parse("""[{"type":"Ready","status":"False","lastProbeTime":null,"lastTransitionTime":"2026-01-01T00:00:00Z","reason":"ContainersNotReady"}]""");
        Status(pod)["podIPs"] = JsonNode.Parse("""[{"ip":"10.0.0.7"}]""");
        foreach (var status in AllStatuses(pod))
        {
            status["lastState"] = JsonNode.Parse("""{"terminated":{"exitCode":1,"reason":"Error","startedAt":"2026-01-01T00:00:00Z","finishedAt":"2026-01-01T00:00:01Z"}}""");
            status["volumeMounts"] = JsonNode.Parse("""[{"name":"v","mountPath":"/m","readOnly":true,"recursiveReadOnly":"Disabled"}]""");
        }
    }

    private static void AddUnknownFields(JsonObject pod)
    {
        pod["futureTopLevel"] = JsonNode.Parse("""{"nested":[1,2.5e3,true,null,{"deep":[["x"]]}],"kind":"NotAPod"}""");
        Metadata(pod)["futureMeta"] = "x";
        Spec(pod)["futureSpec"] = JsonNode.Parse("""[{"name":"shadow","image":"shadow:1"}]""");
        Status(pod)["futureStatus"] = JsonNode.Parse("""{"waiting":{"reason":"ErrImagePull"}}""");
        foreach (var status in AllStatuses(pod))
        {
            status["futureField"] = JsonNode.Parse("""{"state":{"waiting":{"reason":"ImagePullBackOff"}}}""");
            if (status["state"] is JsonObject state)
                state["futureState"] = JsonNode.Parse("""{"reason":"ErrImagePull","message":"not this one"}""");
            if (status["state"]?["waiting"] is JsonObject waiting)
                waiting["futureWaiting"] = 42;
        }

        foreach (var container in AllContainers(pod))
            container["futureContainer"] = JsonNode.Parse("""{"image":"not-this:1"}""");
    }

    private static void NullSomeFields(JsonObject pod, Random random)
    {
        var candidates = new List<(JsonObject Parent, string Name)>();
        foreach (var container in AllContainers(pod))
        {
            candidates.Add((container, "imagePullPolicy"));
            candidates.Add((container, "image"));
        }

        foreach (var status in AllStatuses(pod))
        {
            candidates.Add((status, "imageID"));
            candidates.Add((status, "image"));
            if (status["state"] is JsonObject state)
            {
                candidates.Add((state, "running"));
                candidates.Add((state, "terminated"));
                if (state["waiting"] is JsonObject waiting)
                    candidates.Add((waiting, "message"));
            }
        }

        candidates.Add((Spec(pod), "nodeName"));
        candidates.Add((Spec(pod), "serviceAccountName"));
        candidates.Add((Spec(pod), "imagePullSecrets"));
        candidates.Add((Metadata(pod), "ownerReferences"));
        candidates.Add((Metadata(pod), "uid"));
        candidates.Add((Metadata(pod), "labels"));
        candidates.Add((Status(pod), "ephemeralContainerStatuses"));
        foreach (var (parent, name) in candidates)
        {
            if (random.Next(2) == 0)
                parent[name] = null;
        }
    }

    private static void EscapeStrings(JsonObject pod)
    {
        // JsonNode writes some of these escaped (quotes, control characters, non-ASCII as \uXXXX).
        Metadata(pod)["name"] = (Metadata(pod)["name"]?.GetValue<string>() ?? "p") + "-\u00e9";
        foreach (var status in AllStatuses(pod))
        {
            if (status["state"]?["waiting"] is JsonObject waiting)
                waiting["message"] = "Failed to pull image \"ex\u00e4mple.com/\u65e5\u672c/app:1\": \\back\\slash\ttab\nnewline \ud83d\ude00 </script> & 'quote'";
        }

        foreach (var container in AllContainers(pod))
            container["image"] = "registry.example/\u00fc/app:\"tag\"";
    }

    private static void LongMessages(JsonObject pod)
    {
        var builder = new System.Text.StringBuilder();
        while (builder.Length < 70_000)
            builder.Append("rpc error: code = Unknown desc = \u00e9\ud83d\ude00 failed to resolve reference; ");
        foreach (var status in AllStatuses(pod))
        {
            if (status["state"]?["waiting"] is JsonObject waiting)
                waiting["message"] = builder.ToString();
        }
    }

    private static void Reorder(JsonObject pod)
    {
        var properties = pod.ToList();
        pod.Clear();
        foreach (var (name, value) in properties.AsEnumerable().Reverse())
            pod[name] = value;
    }

    private static void AddInitAndEphemeral(JsonObject pod)
    {
        var spec = Spec(pod);
        spec["initContainers"] = JsonNode.Parse("""[{"name":"init","image":"busybox:1.36","imagePullPolicy":"Always"},{"name":"init-2","image":"alpine:nope"}]""");
        spec["ephemeralContainers"] = JsonNode.Parse("""[{"name":"debug","image":"debug:missing","targetContainerName":"app"},{"name":"never-started","image":"x:1"}]""");
        var status = Status(pod);
        status["initContainerStatuses"] = JsonNode.Parse("""
            [{"name":"init","image":"busybox:1.36","imageID":"docker.io/library/busybox@sha256:abc","ready":false,"restartCount":0,"state":{"terminated":{"exitCode":0,"reason":"Completed"}}},
             {"name":"init-2","image":"alpine:nope","imageID":"","ready":false,"restartCount":0,"state":{"waiting":{"reason":"ErrImagePull","message":"Failed to pull image \"alpine:nope\": not found"}}},
             {"name":"init-2","image":"shadowed","imageID":"","state":{"running":{}}}]
            """);
        status["ephemeralContainerStatuses"] = JsonNode.Parse("""[{"name":"debug","image":"debug:missing","imageID":"","state":{"waiting":{"reason":"ImagePullBackOff","message":"Back-off pulling image \"debug:missing\""}}}]""");
    }

    private static void AddOwnersAndSecrets(JsonObject pod)
    {
        Metadata(pod)["ownerReferences"] = JsonNode.Parse("""
            [{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"web-7c9d","uid":"rs-1","controller":true,"blockOwnerDeletion":true},
             {"apiVersion":"v1","kind":"Node","name":"n","uid":null,"controller":false},
             {"apiVersion":"batch/v1","kind":"Job","name":"j"}]
            """);
        Spec(pod)["imagePullSecrets"] = JsonNode.Parse("""[{"name":"regcred"},{"name":""},{},{"name":"regcred"},{"name":"other"}]""");
    }

    private static void TerminatedAndRunning(JsonObject pod)
    {
        foreach (var status in AllStatuses(pod))
        {
            if (status["state"] is JsonObject state && state["waiting"] is null)
                state["terminated"] = JsonNode.Parse("""{"exitCode":137,"reason":"OOMKilled"}""");
        }

        var statuses = Status(pod)["containerStatuses"] as JsonArray;
        statuses?.Add(JsonNode.Parse("""{"name":"sidecar","image":"envoy:1","imageID":"","state":{"running":{"startedAt":"2026-01-01T00:00:00Z"}}}"""));
        (Spec(pod)["containers"] as JsonArray)?.Add(JsonNode.Parse("""{"name":"sidecar","image":"envoy:1"}"""));
    }
}
