using System.Text.Json.Nodes;

namespace PullDoctor.Testing.Schema;

/// <summary>
/// A read-only view of one OpenAPI schema node, resolving <c>$ref</c>s against the built-in
/// definitions, so built-in types and CRD structural schemas are walked the same way.
/// </summary>
public sealed class SchemaNode
{
    private readonly JsonObject _node;
    private readonly SchemaCatalog? _catalog;

    public SchemaNode(JsonObject node, SchemaCatalog? catalog)
    {
        ArgumentNullException.ThrowIfNull(node);
        _catalog = catalog;
        _node = Resolve(node, catalog);
    }

    public JsonObject Raw => _node;

    public string? Type => _node["type"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    public string? Format => _node["format"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    public bool PreserveUnknownFields => Flag("x-kubernetes-preserve-unknown-fields");

    public bool IntOrString => Flag("x-kubernetes-int-or-string") || IsOneOfStringAnd("integer");

    /// <summary>A built-in Quantity: a string or a number.</summary>
    public bool StringOrNumber => IsOneOfStringAnd("number");

    public bool EmbeddedResource => Flag("x-kubernetes-embedded-resource");

    public bool Nullable => Flag("nullable");

    public bool HasProperties => _node["properties"] is JsonObject;

    /// <summary>True when the node says nothing about its shape (for example apiextensions JSON): anything goes.</summary>
    public bool IsUnconstrained => Type is null && !HasProperties && _node["items"] is null
        && _node["additionalProperties"] is null && !IntOrString && !StringOrNumber;

    public string? ListType => Str("x-kubernetes-list-type");

    public IReadOnlyList<string> ListMapKeys =>
        _node["x-kubernetes-list-map-keys"] is JsonArray keys ? keys.Select(k => k!.GetValue<string>()).ToArray() : [];

    public string? MapType => Str("x-kubernetes-map-type");

    public string? PatchMergeKey => Str("x-kubernetes-patch-merge-key");

    public string? PatchStrategy => Str("x-kubernetes-patch-strategy");

    public IEnumerable<string> PropertyNames =>
        _node["properties"] is JsonObject props ? props.Select(p => p.Key) : [];

    public SchemaNode? Property(string name) =>
        _node["properties"] is JsonObject props && props[name] is JsonObject p ? new SchemaNode(p, _catalog) : null;

    /// <summary>The schema of map values; null when additional properties are not allowed or unspecified.</summary>
    public SchemaNode? AdditionalProperties =>
        _node["additionalProperties"] switch
        {
            JsonObject o => new SchemaNode(o, _catalog),
            JsonValue v when v.TryGetValue<bool>(out var b) && b => new SchemaNode(new JsonObject(), _catalog),
            _ => null,
        };

    public SchemaNode? Items => _node["items"] is JsonObject i ? new SchemaNode(i, _catalog) : null;

    public IReadOnlyList<string> Required =>
        _node["required"] is JsonArray r ? r.Select(x => x!.GetValue<string>()).ToArray() : [];

    public JsonArray? Enum => _node["enum"] as JsonArray;

    public JsonNode? Default => _node["default"];

    public string? Pattern => Str("pattern");

    public double? Minimum => Num("minimum");

    public double? Maximum => Num("maximum");

    public bool ExclusiveMinimum => Flag("exclusiveMinimum");

    public bool ExclusiveMaximum => Flag("exclusiveMaximum");

    public long? MinLength => (long?)Num("minLength");

    public long? MaxLength => (long?)Num("maxLength");

    public long? MinItems => (long?)Num("minItems");

    public long? MaxItems => (long?)Num("maxItems");

    public long? MinProperties => (long?)Num("minProperties");

    public long? MaxProperties => (long?)Num("maxProperties");

    private bool Flag(string name) => _node[name] is JsonValue v && v.TryGetValue<bool>(out var b) && b;

    private string? Str(string name) => _node[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private double? Num(string name) => _node[name] is JsonValue v && v.TryGetValue<double>(out var d) ? d : null;

    private bool IsOneOfStringAnd(string other) =>
        _node["oneOf"] is JsonArray one && one.Count == 2
        && one.Any(o => o?["type"]?.GetValue<string>() == "string")
        && one.Any(o => o?["type"]?.GetValue<string>() == other);

    private static JsonObject Resolve(JsonObject node, SchemaCatalog? catalog)
    {
        // Built-in definitions reference shared types; a CRD schema never uses $ref.
        var current = node;
        for (var depth = 0; depth < 8; depth++)
        {
            if (current["$ref"] is JsonValue r && catalog is not null
                && catalog.Definition(r.GetValue<string>()) is { } target)
            {
                current = target;
                continue;
            }

            if (current["allOf"] is JsonArray all && all.Count == 1 && all[0] is JsonObject single
                && current["type"] is null && current["properties"] is null)
            {
                current = single;
                continue;
            }

            break;
        }

        return current;
    }
}
