using System.Text.Json.Nodes;

namespace PullDoctor.Packaging.Tests.Support;

/// <summary>
/// Turns an OpenAPI-derived schema into one that validates the way the API server decodes (strict field
/// validation): an object with declared properties admits no other property; an optional property may be null
/// (the API server reads null as "absent"); the <c>x-kubernetes-*</c> extensions are dropped (they are not JSON
/// Schema and are checked separately where they matter).
/// </summary>
internal static class StrictSchema
{
    /// <summary>Marks the null alternative, so its "not null" noise can be left out of error messages.</summary>
    public const string NullBranchComment = "null-allowed";

    public static JsonObject Transform(JsonObject schema)
    {
        var result = new JsonObject();
        foreach (var (key, value) in schema)
        {
            if (key.StartsWith("x-kubernetes-", StringComparison.Ordinal))
            {
                continue;
            }

            result[key] = key switch
            {
                "properties" => Properties((JsonObject)value!, schema["required"] as JsonArray),
                "items" or "additionalProperties" when value is JsonObject inner => Transform(inner),
                "oneOf" or "anyOf" or "allOf" => new JsonArray([.. value!.AsArray().Select(s => (JsonNode)Transform((JsonObject)s!))]),
                "not" => Transform((JsonObject)value!),
                _ => value?.DeepClone(),
            };
        }

        if (result.ContainsKey("properties") && !result.ContainsKey("additionalProperties"))
        {
            result["additionalProperties"] = false;
        }

        return result;
    }

    private static JsonObject Properties(JsonObject properties, JsonArray? required)
    {
        var requiredNames = required?.Select(r => (string?)r).ToHashSet() ?? [];
        var result = new JsonObject();
        foreach (var (name, schema) in properties)
        {
            var strict = Transform((JsonObject)schema!);
            result[name] = requiredNames.Contains(name) ? strict : Nullable(strict);
        }

        return result;
    }

    private static JsonObject Nullable(JsonObject schema) =>
        new() { ["anyOf"] = new JsonArray(new JsonObject { ["type"] = "null", ["$comment"] = NullBranchComment }, schema) };
}
