using System.Text.Json.Nodes;

namespace PullDoctor.Packaging.Tests.Support;

/// <summary>Small accessors for Kubernetes objects held as JSON.</summary>
internal static class K8s
{
    public static string Kind(JsonObject o) => (string?)o["kind"] ?? string.Empty;

    public static string ApiVersion(JsonObject o) => (string?)o["apiVersion"] ?? string.Empty;

    public static string Name(JsonObject o) => (string?)o["metadata"]?["name"] ?? string.Empty;

    public static string? Namespace(JsonObject o) => (string?)o["metadata"]?["namespace"];

    public static string Describe(JsonObject o) =>
        Namespace(o) is { } ns ? $"{Kind(o)} {ns}/{Name(o)}" : $"{Kind(o)} {Name(o)}";

    public static IReadOnlyDictionary<string, string> Labels(JsonNode? metadata) =>
        metadata?["labels"] is JsonObject labels
            ? labels.ToDictionary(p => p.Key, p => (string?)p.Value ?? string.Empty)
            : new Dictionary<string, string>();

    public static (string Group, string Version) GroupVersion(JsonObject o)
    {
        var apiVersion = ApiVersion(o);
        var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? (string.Empty, apiVersion) : (apiVersion[..slash], apiVersion[(slash + 1)..]);
    }

    public static JsonObject PodSpec(JsonObject deployment) =>
        deployment["spec"]?["template"]?["spec"] as JsonObject ?? throw new InvalidOperationException("no pod template spec");

    public static JsonObject Container(JsonObject deployment, string name = "pulldoctor") =>
        PodSpec(deployment)["containers"]!.AsArray().OfType<JsonObject>().Single(c => (string?)c["name"] == name);

    public static string? Env(JsonObject container, string name) =>
        container["env"]?.AsArray().OfType<JsonObject>().Where(e => (string?)e["name"] == name).Select(e => (string?)e["value"]).SingleOrDefault();

    public static bool HasEnv(JsonObject container, string name) =>
        container["env"]?.AsArray().OfType<JsonObject>().Any(e => (string?)e["name"] == name) ?? false;
}
