using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;

namespace PullDoctor.Testing.Schema;

/// <summary>
/// A read-only view of one OpenAPI schema node, resolving <c>$ref</c>s against the built-in
/// definitions, so built-in types and CRD structural schemas are walked the same way. Nodes are
/// cached per schema object and their attributes read once, since every write walks a schema.
/// The schema JSON must be fully materialized (see <see cref="Materialize"/>) before concurrent use.
/// </summary>
public sealed class SchemaNode
{
    private static readonly ConditionalWeakTable<JsonObject, SchemaNode> Cache = [];
    private readonly JsonObject _node;
    private readonly SchemaCatalog? _catalog;
    private readonly JsonObject? _properties;
    private readonly JsonObject? _additional;
    private readonly bool _additionalAny;
    private readonly JsonObject? _items;

    private SchemaNode(JsonObject node, SchemaCatalog? catalog)
    {
        _catalog = catalog;
        _node = Resolve(node, catalog);
        _properties = _node["properties"] as JsonObject;
        _items = _node["items"] as JsonObject;
        switch (_node["additionalProperties"])
        {
            case JsonObject o:
                _additional = o;
                break;
            case JsonValue v when v.TryGetValue<bool>(out var b) && b:
                _additionalAny = true;
                break;
            default:
                break;
        }

        Type = Str("type");
        Format = Str("format");
        PreserveUnknownFields = Flag("x-kubernetes-preserve-unknown-fields");
        IntOrString = Flag("x-kubernetes-int-or-string") || IsOneOfStringAnd("integer");
        StringOrNumber = IsOneOfStringAnd("number");
        EmbeddedResource = Flag("x-kubernetes-embedded-resource");
        Nullable = Flag("nullable");
        ListType = Str("x-kubernetes-list-type");
        ListMapKeys = _node["x-kubernetes-list-map-keys"] is JsonArray keys ? keys.Select(k => k!.GetValue<string>()).ToArray() : [];
        MapType = Str("x-kubernetes-map-type");
        PatchMergeKey = Str("x-kubernetes-patch-merge-key");
        PatchStrategy = Str("x-kubernetes-patch-strategy");
        Required = _node["required"] is JsonArray r ? r.Select(x => x!.GetValue<string>()).ToArray() : [];
        IsUnconstrained = Type is null && _properties is null && _items is null && _node["additionalProperties"] is null && !IntOrString && !StringOrNumber;
        HasConstraints = _node["enum"] is not null || _node["pattern"] is not null || _node["minimum"] is not null || _node["maximum"] is not null
            || _node["minLength"] is not null || _node["maxLength"] is not null || _node["minItems"] is not null || _node["maxItems"] is not null
            || _node["minProperties"] is not null || _node["maxProperties"] is not null || Format == "date-time";
        HasDefaults = _properties?.Any(p => p.Value?["default"] is not null) == true;
    }

    /// <summary>The (cached) node for a schema object.</summary>
    public static SchemaNode Of(JsonObject node, SchemaCatalog? catalog)
    {
        ArgumentNullException.ThrowIfNull(node);
        return Cache.GetValue(node, n => new SchemaNode(n, catalog));
    }

    /// <summary>Forces System.Text.Json's lazy node materialization so concurrent readers never race on it.</summary>
    public static void Materialize(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (_, child) in o)
                {
                    Materialize(child);
                }

                break;
            case JsonArray a:
                foreach (var child in a)
                {
                    Materialize(child);
                }

                break;
            default:
                break;
        }
    }

    public bool HasConstraints { get; }

    public bool HasDefaults { get; }

    private static JsonObject AnyValue { get; } = [];

    public JsonObject Raw => _node;

    public string? Type { get; }

    public string? Format { get; }

    public bool PreserveUnknownFields { get; }

    public bool IntOrString { get; }

    /// <summary>A built-in Quantity: a string or a number.</summary>
    public bool StringOrNumber { get; }

    public bool EmbeddedResource { get; }

    public bool Nullable { get; }

    public bool HasProperties => _properties is not null;

    /// <summary>True when the node says nothing about its shape (for example apiextensions JSON): anything goes.</summary>
    public bool IsUnconstrained { get; }

    public string? ListType { get; }

    public IReadOnlyList<string> ListMapKeys { get; }

    public string? MapType { get; }

    public string? PatchMergeKey { get; }

    public string? PatchStrategy { get; }

    public IEnumerable<string> PropertyNames => _properties is null ? [] : _properties.Select(p => p.Key);

    public SchemaNode? Property(string name) =>
        _properties is not null && _properties.TryGetPropertyValue(name, out var p) && p is JsonObject o ? Of(o, _catalog) : null;

    /// <summary>The schema of map values; null when additional properties are not allowed or unspecified.</summary>
    public SchemaNode? AdditionalProperties => _additional is not null ? Of(_additional, _catalog) : _additionalAny ? Of(AnyValue, null) : null;

    public SchemaNode? Items => _items is null ? null : Of(_items, _catalog);

    public IReadOnlyList<string> Required { get; }

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
