using System.Text.Json.Nodes;

namespace PullDoctor.Packaging.Tests.Support;

/// <summary>
/// The apiextensions.k8s.io/v1 rules for a CRD's openAPIV3Schema (k8s.io/apiextensions-apiserver
/// pkg/apis/apiextensions/validation and pkg/apiserver/schema: "structural schemas"): every node has a type,
/// properties and additionalProperties exclude each other, no JSON-Schema features Kubernetes refuses, root
/// metadata restricted, and the x-kubernetes-* extensions used where they mean something.
/// </summary>
internal static class StructuralSchema
{
    private static readonly HashSet<string> Types = ["object", "array", "string", "integer", "number", "boolean"];
    private static readonly HashSet<string> Scalars = ["string", "integer", "number", "boolean"];
    private static readonly HashSet<string> Forbidden = ["$ref", "$schema", "id", "definitions", "dependencies", "additionalItems", "patternProperties"];

    private static readonly Dictionary<string, string?> Formats = new(StringComparer.Ordinal)
    {
        // format → the type it belongs to (null: any string format).
        ["int32"] = "integer", ["int64"] = "integer", ["float"] = "number", ["double"] = "number",
        ["date-time"] = "string", ["datetime"] = "string", ["date"] = "string", ["duration"] = "string",
        ["byte"] = "string", ["password"] = "string", ["uri"] = "string", ["email"] = "string", ["hostname"] = "string",
        ["ipv4"] = "string", ["ipv6"] = "string", ["cidr"] = "string", ["mac"] = "string", ["uuid"] = "string",
        ["uuid3"] = "string", ["uuid4"] = "string", ["uuid5"] = "string", ["bsonobjectid"] = "string",
        ["isbn"] = "string", ["isbn10"] = "string", ["isbn13"] = "string", ["creditcard"] = "string", ["ssn"] = "string",
        ["hexcolor"] = "string", ["rgbcolor"] = "string",
    };

    public static IReadOnlyList<string> Violations(JsonObject openApiV3Schema)
    {
        var violations = new List<string>();
        if ((string?)openApiV3Schema["type"] != "object")
        {
            violations.Add("/: the root must be type: object");
        }

        if (openApiV3Schema["properties"]?["metadata"] is JsonObject metadata
            && metadata.Any(p => p.Key is not ("type" or "description") && p.Key != "properties"))
        {
            violations.Add("/properties/metadata: only type (and name/generateName restrictions) may be specified");
        }

        Walk(openApiV3Schema, string.Empty, violations);
        return violations;
    }

    private static void Walk(JsonObject node, string path, List<string> violations)
    {
        var where = path.Length == 0 ? "/" : path;
        var type = (string?)node["type"];
        var intOrString = (bool?)node["x-kubernetes-int-or-string"] == true;
        var preserveUnknown = (bool?)node["x-kubernetes-preserve-unknown-fields"] == true;

        foreach (var key in node.Select(p => p.Key).Where(Forbidden.Contains))
        {
            violations.Add($"{where}: {key} is not allowed in a CRD schema");
        }

        if (string.IsNullOrEmpty(type) && !intOrString && !preserveUnknown)
        {
            violations.Add($"{where}: type must not be empty (structural schema)");
        }
        else if (type is not null && !Types.Contains(type))
        {
            violations.Add($"{where}: unknown type {type}");
        }

        if (node.ContainsKey("properties") && node.ContainsKey("additionalProperties"))
        {
            violations.Add($"{where}: properties and additionalProperties are mutually exclusive");
        }

        if ((bool?)node["uniqueItems"] == true)
        {
            violations.Add($"{where}: uniqueItems cannot be true (use x-kubernetes-list-type: set)");
        }

        if (node["items"] is JsonArray)
        {
            violations.Add($"{where}: items must be a single schema");
        }

        if (type == "array" && node["items"] is not JsonObject)
        {
            violations.Add($"{where}: an array needs items");
        }

        if (type is not null && type != "object" && (node.ContainsKey("properties") || node.ContainsKey("additionalProperties")))
        {
            violations.Add($"{where}: properties on a non-object");
        }

        if ((string?)node["format"] is { } format)
        {
            if (!Formats.TryGetValue(format, out var formatType))
            {
                violations.Add($"{where}: unknown format {format}");
            }
            else if (formatType is not null && formatType != type)
            {
                violations.Add($"{where}: format {format} on type {type}");
            }
        }

        foreach (var value in node["enum"]?.AsArray() ?? [])
        {
            if (!Matches(value, type))
            {
                violations.Add($"{where}: enum value {value?.ToJsonString()} is not a {type}");
            }
        }

        CheckListType(node, where, type, violations);
        CheckMapType(node, where, type, violations);

        foreach (var (name, child) in node["properties"] as JsonObject ?? [])
        {
            Walk((JsonObject)child!, $"{path}/properties/{name}", violations);
        }

        if (node["items"] is JsonObject items)
        {
            Walk(items, path + "/items", violations);
        }

        if (node["additionalProperties"] is JsonObject additional)
        {
            Walk(additional, path + "/additionalProperties", violations);
        }

        foreach (var junctor in new[] { "allOf", "anyOf", "oneOf" })
        {
            foreach (var (branch, i) in (node[junctor]?.AsArray() ?? []).Select((b, i) => (b, i)))
            {
                if (branch is JsonObject b && b.Any(p => p.Key is "type" or "description" or "default" or "additionalProperties" or "nullable" or "x-kubernetes-preserve-unknown-fields"))
                {
                    violations.Add($"{where}/{junctor}/{i}: type, description, default, additionalProperties, nullable are forbidden inside {junctor}");
                }
            }
        }
    }

    private static void CheckListType(JsonObject node, string where, string? type, List<string> violations)
    {
        var listType = (string?)node["x-kubernetes-list-type"];
        var keys = node["x-kubernetes-list-map-keys"]?.AsArray().Select(k => (string?)k).ToArray();
        if (listType is null)
        {
            if (keys is not null)
            {
                violations.Add($"{where}: x-kubernetes-list-map-keys needs x-kubernetes-list-type: map");
            }

            return;
        }

        if (type != "array")
        {
            violations.Add($"{where}: x-kubernetes-list-type on a non-array");
            return;
        }

        var items = node["items"] as JsonObject ?? [];
        switch (listType)
        {
            case "atomic":
                break;
            case "set":
                if (!Scalars.Contains((string?)items["type"] ?? string.Empty) && (string?)items["x-kubernetes-map-type"] != "atomic")
                {
                    violations.Add($"{where}: a set's items must be scalars (or atomic objects)");
                }

                break;
            case "map":
                if ((string?)items["type"] != "object")
                {
                    violations.Add($"{where}: a map list's items must be objects");
                }

                if (keys is not { Length: > 0 })
                {
                    violations.Add($"{where}: x-kubernetes-list-type: map needs x-kubernetes-list-map-keys");
                    break;
                }

                var required = items["required"]?.AsArray().Select(r => (string?)r).ToHashSet() ?? [];
                foreach (var key in keys)
                {
                    var property = items["properties"]?[key!] as JsonObject;
                    if (property is null)
                    {
                        violations.Add($"{where}: list map key {key} is not a property of the items");
                    }
                    else if (!Scalars.Contains((string?)property["type"] ?? string.Empty))
                    {
                        violations.Add($"{where}: list map key {key} must be a scalar");
                    }
                    else if (!required.Contains(key) && property["default"] is null)
                    {
                        violations.Add($"{where}: list map key {key} must be required or have a default");
                    }
                }

                break;
            default:
                violations.Add($"{where}: x-kubernetes-list-type {listType} is not atomic, set or map");
                break;
        }
    }

    private static void CheckMapType(JsonObject node, string where, string? type, List<string> violations)
    {
        if ((string?)node["x-kubernetes-map-type"] is not { } mapType)
        {
            return;
        }

        if (type != "object")
        {
            violations.Add($"{where}: x-kubernetes-map-type on a non-object");
        }

        if (mapType is not ("granular" or "atomic"))
        {
            violations.Add($"{where}: x-kubernetes-map-type {mapType} is not granular or atomic");
        }
    }

    private static bool Matches(JsonNode? value, string? type) => (type, value) switch
    {
        ("string", JsonValue v) => v.TryGetValue<string>(out _),
        ("boolean", JsonValue v) => v.TryGetValue<bool>(out _),
        ("integer", JsonValue v) => v.TryGetValue<long>(out _),
        ("number", JsonValue v) => v.TryGetValue<double>(out _),
        _ => false,
    };

    /// <summary>The schema node a printer column's JSONPath (e.g. <c>.status.containers[0].image</c>) selects, or null.</summary>
    public static JsonObject? Resolve(JsonObject root, string jsonPath)
    {
        if (!jsonPath.StartsWith('.'))
        {
            return null;
        }

        // metadata is type: object without properties in a CRD; the API server fills it from ObjectMeta.
        if (jsonPath.StartsWith(".metadata.", StringComparison.Ordinal))
        {
            return jsonPath is ".metadata.name" or ".metadata.namespace" or ".metadata.generation" or ".metadata.uid"
                or ".metadata.creationTimestamp" or ".metadata.deletionTimestamp"
                ? new JsonObject { ["type"] = jsonPath == ".metadata.generation" ? "integer" : "string", ["format"] = jsonPath.EndsWith("Timestamp", StringComparison.Ordinal) ? "date-time" : null }
                : null;
        }

        var node = root;
        foreach (var segment in jsonPath[1..].Split('.'))
        {
            var bracket = segment.IndexOf('[', StringComparison.Ordinal);
            var name = bracket < 0 ? segment : segment[..bracket];
            node = node["properties"]?[name] as JsonObject;
            if (node is null)
            {
                return null;
            }

            if (bracket >= 0)
            {
                node = node["items"] as JsonObject;
                if (node is null || !segment.EndsWith(']'))
                {
                    return null;
                }
            }
        }

        return node;
    }
}
