using System.Text.Json.Nodes;

namespace PullDoctor.Operator.Tests.Informers;

/// <summary>Pods as the kubelet leaves them: stuck on a pull, or running.</summary>
internal static class PodFixtures
{
    public static JsonObject Stuck(string name, string image = "nginx:1.25.x", string reason = "ImagePullBackOff", string ns = "default") =>
        Pod(name, ns, image, StuckStatus(image, reason));

    public static JsonObject Running(string name, string image = "nginx:1.25.3", string ns = "default") =>
        Pod(name, ns, image, RunningStatus(image));

    /// <summary>A status the kubelet writes while a pull fails.</summary>
    public static JsonObject StuckStatus(string image = "nginx:1.25.x", string reason = "ImagePullBackOff") =>
        Status(image, running: false, $$"""{ "waiting": { "reason": "{{reason}}", "message": "Back-off pulling image \"{{image}}\"" } }""");

    public static JsonObject RunningStatus(string image = "nginx:1.25.3") =>
        Status(image, running: true, """{ "running": { "startedAt": "2026-01-01T00:00:00Z" } }""");

    // Built from JSON text, as a client would send it.
    private static JsonObject Pod(string name, string ns, string image, JsonObject status)
    {
        var pod = JsonNode.Parse($$"""
            {
              "apiVersion": "v1",
              "kind": "Pod",
              "metadata": { "name": "{{name}}", "namespace": "{{ns}}" },
              "spec": { "containers": [ { "name": "app", "image": "{{image}}" } ] }
            }
            """)!.AsObject();
        pod["status"] = status;
        return pod;
    }

    private static JsonObject Status(string image, bool running, string state) => JsonNode.Parse($$"""
        {
          "phase": "{{(running ? "Running" : "Pending")}}",
          "containerStatuses": [
            { "name": "app", "image": "{{image}}", "imageID": "", "ready": {{(running ? "true" : "false")}}, "restartCount": 0, "state": {{state}} }
          ]
        }
        """)!.AsObject();
}
