using System.Text.Json.Nodes;
using Json.Schema;

namespace PullDoctor.Packaging.Tests.Support;

/// <summary>The ImagePullDiagnosis CRD (deploy/crds, copied into the chart) and a strict validator for its objects.</summary>
internal static class CrdFile
{
    public static string Path => RepositoryPaths.Of("deploy/crds/imagepulldiagnoses.pulldoctor.dev.yaml");

    public static JsonObject Load() => (JsonObject)YamlJson.ParseDocuments(File.ReadAllText(Path)).Single();

    public static JsonObject Version(JsonObject crd, string name = "v1alpha1") =>
        crd["spec"]!["versions"]!.AsArray().OfType<JsonObject>().Single(v => (string?)v["name"] == name);

    public static JsonObject OpenApiSchema(JsonObject crd) => (JsonObject)Version(crd)["schema"]!["openAPIV3Schema"]!;

    /// <summary>
    /// The openAPIV3Schema made strict (an unknown field is an error here, where the API server would prune it:
    /// in a sample it is a typo), with metadata checked as ObjectMeta, as the API server does.
    /// </summary>
    public static JsonSchema StrictObjectSchema(JsonObject crd)
    {
        var schema = StrictSchema.Transform(OpenApiSchema(crd));
        schema["properties"]!["metadata"] = new JsonObject { ["$ref"] = "#/$defs/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta" };
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema";
        schema["$defs"] = KubernetesSchemas.StrictDefinitions();
        return SchemaValidator.Build(schema);
    }

    /// <summary>x-kubernetes-list-type map/set: no two items with the same key (the API server rejects duplicates).</summary>
    public static IReadOnlyList<string> ListTypeViolations(JsonObject schema, JsonNode? instance, string path = "")
    {
        var violations = new List<string>();
        switch (instance)
        {
            case JsonObject o:
                foreach (var (name, value) in o)
                {
                    var property = schema["properties"]?[name] as JsonObject ?? schema["additionalProperties"] as JsonObject;
                    if (property is not null)
                    {
                        violations.AddRange(ListTypeViolations(property, value, $"{path}/{name}"));
                    }
                }

                break;
            case JsonArray a when schema["items"] is JsonObject items:
                var keys = (string?)schema["x-kubernetes-list-type"] switch
                {
                    "map" => a.Select(i => string.Join("|", schema["x-kubernetes-list-map-keys"]!.AsArray().Select(k => i?[(string)k!]?.ToJsonString()))).ToArray(),
                    "set" => a.Select(i => i?.ToJsonString() ?? "null").ToArray(),
                    _ => [],
                };
                violations.AddRange(keys.GroupBy(k => k).Where(g => g.Count() > 1).Select(g => $"{path}: duplicate list key {g.Key}"));
                for (var i = 0; i < a.Count; i++)
                {
                    violations.AddRange(ListTypeViolations(items, a[i], $"{path}/{i}"));
                }

                break;
        }

        return violations;
    }
}
