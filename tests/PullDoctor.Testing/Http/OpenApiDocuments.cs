using System.Text.Json.Nodes;
using PullDoctor.Testing.Resources;
using PullDoctor.Testing.Schema;

namespace PullDoctor.Testing.Http;

/// <summary>
/// OpenAPI as far as kubectl uses it: /openapi/v3 (index of group-versions) and one document per
/// group-version, whose PATCH operations declare <c>fieldValidation</c> (so kubectl leaves field
/// validation to the server) and whose schemas give strategic-merge metadata; /openapi/v2 as JSON.
/// </summary>
internal sealed class OpenApiDocuments(ResourceRegistry registry)
{
    private const string DefinitionsRef = "#/definitions/";
    private const string ComponentsRef = "#/components/schemas/";

    public JsonObject V3Root()
    {
        var paths = new JsonObject();
        foreach (var gv in registry.All.Select(t => t.GroupVersion).Distinct())
        {
            var key = gv.Contains('/', StringComparison.Ordinal) ? "apis/" + gv : "api/" + gv;
            paths[key] = new JsonObject { ["serverRelativeURL"] = $"/openapi/v3/{key}?hash={Hash(gv)}" };
        }

        return new JsonObject { ["paths"] = paths };
    }

    public JsonObject? V3GroupVersion(string path)
    {
        var gv = path.StartsWith("api/", StringComparison.Ordinal) ? path[4..] : path.StartsWith("apis/", StringComparison.Ordinal) ? path[5..] : null;
        if (gv is null)
        {
            return null;
        }

        var types = registry.All.Where(t => t.GroupVersion == gv).ToArray();
        if (types.Length == 0)
        {
            return null;
        }

        var schemas = new JsonObject();
        var paths = new JsonObject();
        foreach (var type in types)
        {
            var schemaName = AddSchema(type, schemas, ComponentsRef);
            AddPaths(type, paths, schemaName, ComponentsRef);
        }

        return new JsonObject
        {
            ["openapi"] = "3.0.0",
            ["info"] = new JsonObject { ["title"] = "Kubernetes", ["version"] = "v1.34.0" },
            ["paths"] = paths,
            ["components"] = new JsonObject { ["schemas"] = schemas },
        };
    }

    public JsonObject V2()
    {
        var definitions = new JsonObject();
        var paths = new JsonObject();
        foreach (var type in registry.All)
        {
            var name = AddSchema(type, definitions, DefinitionsRef);
            AddPaths(type, paths, name, DefinitionsRef);
        }

        return new JsonObject
        {
            ["swagger"] = "2.0",
            ["info"] = new JsonObject { ["title"] = "Kubernetes", ["version"] = "v1.34.0" },
            ["paths"] = paths,
            ["definitions"] = definitions,
        };
    }

    private static string AddSchema(ResourceType type, JsonObject target, string refPrefix)
    {
        if (type.IsCustomResource)
        {
            var name = $"{ReverseDomain(type.Group)}.{type.Version}.{type.Kind}";
            var schema = (JsonObject)(type.Schema?.DeepClone() ?? new JsonObject { ["type"] = "object", ["x-kubernetes-preserve-unknown-fields"] = true });
            schema["x-kubernetes-group-version-kind"] = new JsonArray(new JsonObject { ["group"] = type.Group, ["kind"] = type.Kind, ["version"] = type.Version });
            target[name] = schema;
            return name;
        }

        var catalog = SchemaCatalog.Instance;
        var root = catalog.DefinitionName(type.Group, type.Version, type.Kind);
        if (root is null)
        {
            return string.Empty;
        }

        // Copy the definition and everything it references, rewriting $refs for the document kind.
        var pending = new Stack<string>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            var name = pending.Pop();
            if (target.ContainsKey(name) || catalog.Definition(name) is not { } definition)
            {
                continue;
            }

            var copy = definition.DeepClone();
            foreach (var reference in Rewrite(copy, refPrefix))
            {
                pending.Push(reference);
            }

            target[name] = copy;
        }

        return root;
    }

    private static IEnumerable<string> Rewrite(JsonNode node, string refPrefix)
    {
        var found = new List<string>();
        void Walk(JsonNode? n)
        {
            switch (n)
            {
                case JsonObject o:
                    if (o["$ref"] is JsonValue r && r.ToString().StartsWith(DefinitionsRef, StringComparison.Ordinal))
                    {
                        var name = r.ToString()[DefinitionsRef.Length..];
                        found.Add(name);
                        o["$ref"] = refPrefix + name;
                        if (refPrefix == ComponentsRef)
                        {
                            // OpenAPI v3 as kube-apiserver publishes it wraps references in allOf.
                            o.Remove("$ref");
                            o["allOf"] = new JsonArray(new JsonObject { ["$ref"] = refPrefix + name });
                        }
                    }

                    foreach (var (_, child) in o.ToArray())
                    {
                        Walk(child);
                    }

                    break;
                case JsonArray a:
                    foreach (var child in a.ToArray())
                    {
                        Walk(child);
                    }

                    break;
                default:
                    break;
            }
        }

        Walk(node);
        return found;
    }

    private static void AddPaths(ResourceType type, JsonObject paths, string schemaName, string refPrefix)
    {
        var prefix = string.IsNullOrEmpty(type.Group) ? $"/api/{type.Version}" : $"/apis/{type.Group}/{type.Version}";
        var collection = type.Namespaced ? $"{prefix}/namespaces/{{namespace}}/{type.Plural}" : $"{prefix}/{type.Plural}";
        var item = collection + "/{name}";
        var gvk = new JsonObject { ["group"] = type.Group, ["kind"] = type.Kind, ["version"] = type.Version };
        JsonObject Op(string action)
        {
            var op = new JsonObject
            {
                ["x-kubernetes-action"] = action,
                ["x-kubernetes-group-version-kind"] = gvk.DeepClone(),
                ["parameters"] = new JsonArray(
                    new JsonObject { ["name"] = "dryRun", ["in"] = "query", ["schema"] = new JsonObject { ["type"] = "string" }, ["type"] = "string" },
                    new JsonObject { ["name"] = "fieldManager", ["in"] = "query", ["schema"] = new JsonObject { ["type"] = "string" }, ["type"] = "string" },
                    new JsonObject { ["name"] = "fieldValidation", ["in"] = "query", ["schema"] = new JsonObject { ["type"] = "string" }, ["type"] = "string" }),
            };
            if (schemaName.Length > 0)
            {
                op["responses"] = new JsonObject
                {
                    ["200"] = new JsonObject
                    {
                        ["description"] = "OK",
                        ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = new JsonObject { ["$ref"] = refPrefix + schemaName } } },
                    },
                };
            }

            return op;
        }

        paths[collection] = new JsonObject { ["get"] = Op("list"), ["post"] = Op("post") };
        paths[item] = new JsonObject { ["get"] = Op("get"), ["put"] = Op("put"), ["patch"] = Op("patch"), ["delete"] = Op("delete") };
        if (type.HasStatus)
        {
            paths[item + "/status"] = new JsonObject { ["get"] = Op("get"), ["put"] = Op("put"), ["patch"] = Op("patch") };
        }
    }

    private static string ReverseDomain(string group) => string.Join('.', group.Split('.').Reverse());

    private static string Hash(string text) =>
        Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)))[..16];
}
