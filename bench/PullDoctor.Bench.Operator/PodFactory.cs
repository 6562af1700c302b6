using System.Globalization;
using System.Text.Json.Nodes;

namespace PullDoctor.Bench.Operator;

/// <summary>
/// Pods as a real cluster stores them (several containers, probes, env, projected token volume, tolerations, a full
/// kubelet status; the API server adds managedFields), 4–8 KB each, and the kubelet's waiting states and Events.
/// </summary>
internal static class PodFactory
{
    public const int Namespaces = 20;
    public const int Nodes = 100;

    public static string NamespaceOf(int i) => string.Create(CultureInfo.InvariantCulture, $"team-{i % Namespaces:D2}");

    public static string NameOf(string prefix, int i) => string.Create(CultureInfo.InvariantCulture, $"{prefix}-{i:D6}");

    /// <summary>A pod; <paramref name="waiting"/> null means every container runs.</summary>
    public static JsonObject Pod(string ns, string name, int i, string app, string mainImage, (string Reason, string? Message)? waiting)
    {
        var node = string.Create(CultureInfo.InvariantCulture, $"node-{i % Nodes:D3}");
        var hash = string.Create(CultureInfo.InvariantCulture, $"{(uint)app.GetHashCode(StringComparison.Ordinal) % 100000:D5}");
        var ip = string.Create(CultureInfo.InvariantCulture, $"10.{i / 65536 % 256}.{i / 256 % 256}.{i % 256}");
        var hostIp = string.Create(CultureInfo.InvariantCulture, $"192.168.{i % Nodes / 256}.{i % Nodes % 256 + 1}");
        var mainState = waiting is { } w
            ? "{\"waiting\":{\"reason\":" + Quote(w.Reason) + (w.Message is null ? string.Empty : ",\"message\":" + Quote(w.Message)) + "}}"
            : """{"running":{"startedAt":"2025-11-20T08:15:02Z"}}""";
        var ready = waiting is null ? "true" : "false";
        var readyCondition = waiting is null ? "True" : "False";
        var phase = waiting is null ? "Running" : "Pending";
        var mainImageId = waiting is null ? $",\"imageID\":{Quote(mainImage + "@sha256:4f1c8a3b2e9d7c6a5b4e3d2c1b0a9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b2a")}" : ",\"imageID\":\"\"";
        var json = $$"""
            {
              "apiVersion": "v1", "kind": "Pod",
              "metadata": {
                "name": "{{name}}", "namespace": "{{ns}}", "generateName": "{{app}}-{{hash}}-",
                "labels": {"app.kubernetes.io/name": "{{app}}", "app.kubernetes.io/part-of": "shop", "app.kubernetes.io/version": "1.8.2", "pod-template-hash": "{{hash}}", "tier": "backend"},
                "annotations": {"kubectl.kubernetes.io/restartedAt": "2025-11-20T08:14:55Z", "prometheus.io/scrape": "true"},
                "ownerReferences": [{"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": "{{app}}-{{hash}}", "uid": "6d1f2c3e-{{hash}}-4a5b-8c9d-0e1f2a3b4c5d", "controller": true, "blockOwnerDeletion": true}]
              },
              "spec": {
                "nodeName": "{{node}}", "serviceAccountName": "{{app}}", "restartPolicy": "Always", "terminationGracePeriodSeconds": 30,
                "dnsPolicy": "ClusterFirst", "schedulerName": "default-scheduler", "priority": 0, "enableServiceLinks": true, "preemptionPolicy": "PreemptLowerPriority",
                "securityContext": {"runAsNonRoot": true, "runAsUser": 10001, "fsGroup": 10001, "seccompProfile": {"type": "RuntimeDefault"} },
                "containers": [
                  {"name": "app", "image": {{Quote(mainImage)}}, "imagePullPolicy": "IfNotPresent",
                   "args": ["--port=8080"],
                   "ports": [{"name": "http", "containerPort": 8080, "protocol": "TCP"}, {"name": "metrics", "containerPort": 9090, "protocol": "TCP"}],
                   "env": [{"name": "LOG_LEVEL", "value": "info"}, {"name": "POD_NAME", "valueFrom": {"fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.name"} } }],
                   "resources": {"requests": {"cpu": "100m", "memory": "128Mi"}, "limits": {"cpu": "1", "memory": "256Mi"} },
                   "terminationMessagePath": "/dev/termination-log", "terminationMessagePolicy": "File",
                   "volumeMounts": [{"name": "config", "mountPath": "/etc/app"}, {"name": "tmp", "mountPath": "/tmp"}, {"name": "kube-api-access", "mountPath": "/var/run/secrets/kubernetes.io/serviceaccount", "readOnly": true}]},
                  {"name": "envoy", "image": "registry.shop.example/infra/envoy:1.31.2", "imagePullPolicy": "IfNotPresent", "args": ["-c", "/etc/envoy/envoy.yaml"],
                   "ports": [{"name": "proxy", "containerPort": 15001, "protocol": "TCP"}],
                   "resources": {"requests": {"cpu": "50m", "memory": "64Mi"}, "limits": {"memory": "128Mi"} },
                   "terminationMessagePath": "/dev/termination-log", "terminationMessagePolicy": "File",
                   "volumeMounts": [{"name": "envoy-config", "mountPath": "/etc/envoy"}, {"name": "kube-api-access", "mountPath": "/var/run/secrets/kubernetes.io/serviceaccount", "readOnly": true}]}
                ],
                "volumes": [
                  {"name": "config", "configMap": {"name": "{{app}}-config", "defaultMode": 420} },
                  {"name": "envoy-config", "configMap": {"name": "envoy-{{app}}", "defaultMode": 420} },
                  {"name": "tmp", "emptyDir": {} },
                  {"name": "kube-api-access", "projected": {"defaultMode": 420, "sources": [
                    {"serviceAccountToken": {"expirationSeconds": 3607, "path": "token"} },
                    {"configMap": {"name": "kube-root-ca.crt", "items": [{"key": "ca.crt", "path": "ca.crt"}]} },
                    {"downwardAPI": {"items": [{"path": "namespace", "fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.namespace"} }]} }]} }
                ]
              },
              "status": {
                "phase": "{{phase}}", "qosClass": "Burstable", "hostIP": "{{hostIp}}", "hostIPs": [{"ip": "{{hostIp}}"}],
                "podIP": "{{ip}}", "podIPs": [{"ip": "{{ip}}"}], "startTime": "2025-11-20T08:14:58Z",
                "conditions": [
                  {"type": "Initialized", "status": "True", "lastProbeTime": null, "lastTransitionTime": "2025-11-20T08:15:01Z"},
                  {"type": "Ready", "status": "{{readyCondition}}", "lastProbeTime": null, "lastTransitionTime": "2025-11-20T08:15:12Z"},
                  {"type": "ContainersReady", "status": "{{readyCondition}}", "lastProbeTime": null, "lastTransitionTime": "2025-11-20T08:15:12Z"},
                  {"type": "PodScheduled", "status": "True", "lastProbeTime": null, "lastTransitionTime": "2025-11-20T08:14:58Z"}
                ],
                "containerStatuses": [
                  {"name": "app", "image": {{Quote(mainImage)}}{{mainImageId}}, "ready": {{ready}}, "restartCount": 0, "started": {{ready}}, "state": {{mainState}}},
                  {"name": "envoy", "image": "registry.shop.example/infra/envoy:1.31.2", "imageID": "registry.shop.example/infra/envoy@sha256:1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d2e3f4a5b6c7d8e9f0a1b2c",
                   "containerID": "containerd://1a2b3c4d5e6f70819283a4b5c6d7e8f91a2b3c4d5e6f70819283a4b5c6d7e8f9", "ready": true, "restartCount": 0, "started": true, "state": {"running": {"startedAt": "2025-11-20T08:15:02Z"} } }
                ]
              }
            }
            """;
        return JsonNode.Parse(json)!.AsObject();
    }

    /// <summary>The kubelet's Events for a failed pull (image_manager.go: Failed with the error, then "Error: ErrImagePull").</summary>
    public static IEnumerable<JsonObject> KubeletPullEvents(string ns, string pod, string uid, string node, string image, string message)
    {
        var now = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        foreach (var (reason, text) in new[] { ("Failed", message), ("Failed", "Error: ErrImagePull") })
        {
            yield return JsonNode.Parse($$"""
                {"apiVersion": "v1", "kind": "Event",
                 "metadata": {"name": "{{pod}}.{{Guid.NewGuid():N}}", "namespace": "{{ns}}"},
                 "involvedObject": {"apiVersion": "v1", "kind": "Pod", "name": "{{pod}}", "namespace": "{{ns}}", "uid": "{{uid}}", "fieldPath": "spec.containers{app}"},
                 "reason": "{{reason}}", "message": {{Quote(text)}}, "type": "Warning",
                 "source": {"component": "kubelet", "host": "{{node}}"}, "firstTimestamp": "{{now}}", "lastTimestamp": "{{now}}", "count": 1,
                 "reportingComponent": "kubelet", "reportingInstance": "{{node}}"}
                """)!.AsObject();
        }
    }

    /// <summary>containerd 1.7 via kubelet 1.30 for a missing tag (as in tests/PullDoctor.Core.Tests/Corpus/messages.jsonl).</summary>
    public static string NotFoundMessage(string image) =>
        $"Failed to pull image \"{image}\": rpc error: code = NotFound desc = failed to pull and unpack image \"{image}\": failed to resolve reference \"{image}\": {image}: not found";

    private static string Quote(string text) => System.Text.Json.JsonSerializer.Serialize(text);
}
