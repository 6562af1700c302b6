using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Json.Schema;

namespace PullDoctor.Packaging.Tests.Support;

/// <summary>
/// The Kubernetes v1.35.0 object schemas (Schemas/, from cdk8s, Apache-2.0) made strict (<see cref="StrictSchema"/>),
/// looked up by apiVersion and kind.
/// </summary>
internal static class KubernetesSchemas
{
    private const string Draft202012 = "https://json-schema.org/draft/2020-12/schema";

    private static readonly Lazy<JsonObject> Definitions = new(LoadDefinitions);
    private static readonly Lazy<IReadOnlyDictionary<(string Group, string Version, string Kind), string>> ByKind = new(IndexKinds);
    private static readonly ConcurrentDictionary<string, JsonSchema> Built = new();

    public static bool Knows(string group, string version, string kind) => ByKind.Value.ContainsKey((group, version, kind));

    /// <summary>Errors of one object against the schema of its apiVersion/kind; an unknown kind is an error.</summary>
    public static IReadOnlyList<string> Validate(JsonObject o)
    {
        var (group, version) = K8s.GroupVersion(o);
        if (!ByKind.Value.TryGetValue((group, version, K8s.Kind(o)), out var definition))
        {
            return [$"no Kubernetes v1.35 schema for apiVersion {K8s.ApiVersion(o)}, kind {K8s.Kind(o)}"];
        }

        return SchemaValidator.Errors(ForDefinition(definition), o);
    }

    /// <summary>A strict schema for one definition, e.g. io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta.</summary>
    public static JsonSchema ForDefinition(string definition) =>
        Built.GetOrAdd(definition, d => SchemaValidator.Build(new JsonObject
        {
            ["$schema"] = Draft202012,
            ["$ref"] = "#/$defs/" + d,
            ["$defs"] = Definitions.Value.DeepClone(),
        }));

    /// <summary>The strict definitions as <c>$defs</c> (refs <c>#/$defs/NAME</c>), to embed in another schema.</summary>
    public static JsonObject StrictDefinitions() => (JsonObject)Definitions.Value.DeepClone();

    private static JsonObject LoadDefinitions()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Schemas", "k8s-v1.35.0-definitions.nodesc.json");
        var text = File.ReadAllText(path).Replace("\"#/definitions/", "\"#/$defs/", StringComparison.Ordinal);
        var definitions = (JsonObject)JsonNode.Parse(text)!["definitions"]!;
        var strict = new JsonObject();
        foreach (var (name, schema) in definitions)
        {
            strict[name] = StrictSchema.Transform((JsonObject)schema!);
        }

        return strict;
    }

    private static Dictionary<(string, string, string), string> IndexKinds()
    {
        // The GVKs live in x-kubernetes-group-version-kind, which the strict copy drops: read the original.
        var path = Path.Combine(AppContext.BaseDirectory, "Schemas", "k8s-v1.35.0-definitions.nodesc.json");
        var definitions = (JsonObject)JsonNode.Parse(File.ReadAllText(path))!["definitions"]!;
        var index = new Dictionary<(string, string, string), string>();
        foreach (var (name, schema) in definitions)
        {
            foreach (var gvk in schema?["x-kubernetes-group-version-kind"]?.AsArray() ?? [])
            {
                index.TryAdd(((string)gvk!["group"]!, (string)gvk["version"]!, (string)gvk["kind"]!), name);
            }
        }

        return index;
    }
}
