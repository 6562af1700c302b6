using System.Text.Json.Nodes;

namespace PullDoctor.Tests.Explain;

/// <summary>
/// `kubectl get events -o json` as kubectl prints it (kind List of core/v1 Events): the kubelet's Events carry
/// source.component kubelet and reportingComponent kubelet; PullDoctor's, written through events.k8s.io/v1, come
/// back with reportingComponent pulldoctor.dev/operator, an empty source and eventTime instead of lastTimestamp.
/// </summary>
internal static class KubeEvents
{
    public const string Namespace = "shop";

    public static string List(params JsonObject[] events) =>
        new JsonObject { ["apiVersion"] = "v1", ["kind"] = "List", ["metadata"] = new JsonObject { ["resourceVersion"] = "" }, ["items"] = new JsonArray(events) }.ToJsonString();

    /// <summary>A kubelet Event about <paramref name="pod"/>'s container, last seen at <paramref name="last"/> (seconds after 10:00:00).</summary>
    public static JsonObject Kubelet(string pod, string container, string type, string reason, string message, int last, int count = 1, int? first = null) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Event",
        ["count"] = count,
        ["eventTime"] = null,
        ["firstTimestamp"] = At(first ?? last),
        ["lastTimestamp"] = At(last),
        ["involvedObject"] = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["fieldPath"] = $"spec.containers{{{container}}}",
            ["kind"] = "Pod",
            ["name"] = pod,
            ["namespace"] = Namespace,
            ["resourceVersion"] = "48211",
            ["uid"] = "7b0e5c1e-2f4a-4c61-9d0e-6a1f2b3c4d5e",
        },
        ["message"] = message,
        ["metadata"] = new JsonObject { ["name"] = $"{pod}.{last:x}{reason.Length:x}", ["namespace"] = Namespace },
        ["reason"] = reason,
        ["reportingComponent"] = "kubelet",
        ["reportingInstance"] = "node-2",
        ["source"] = new JsonObject { ["component"] = "kubelet", ["host"] = "node-2" },
        ["type"] = type,
    };

    /// <summary>The Event PullDoctor's operator posts on a stuck pod: the cause as reason, the advice's one line as note.</summary>
    public static JsonObject OwnEvent(string pod, string reason, string note, int at) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Event",
        ["action"] = "Diagnosed",
        ["eventTime"] = $"2025-11-24T10:{at / 60:00}:{at % 60:00}.000000Z",
        ["firstTimestamp"] = null,
        ["lastTimestamp"] = null,
        ["involvedObject"] = new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Pod", ["name"] = pod, ["namespace"] = Namespace, ["uid"] = "7b0e5c1e-2f4a-4c61-9d0e-6a1f2b3c4d5e" },
        ["message"] = note,
        ["metadata"] = new JsonObject { ["name"] = $"{pod}.pd{at:x}", ["namespace"] = Namespace },
        ["reason"] = reason,
        ["reportingComponent"] = "pulldoctor.dev/operator",
        ["reportingInstance"] = "pulldoctor-6b8f7c9d5-k2x4z",
        ["source"] = new JsonObject(),
        ["type"] = "Warning",
    };

    private static string At(int seconds) => $"2025-11-24T10:{seconds / 60:00}:{seconds % 60:00}Z";
}
