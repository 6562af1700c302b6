using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using PullDoctor.Testing.Api;

namespace PullDoctor.Testing.Schema;

/// <summary>
/// Walks a JSON object against a schema, the way kube-apiserver decodes and validates it:
/// unknown fields are pruned (and reported, for fieldValidation), defaults are applied and
/// constraints checked (custom resources), wrong types are reported.
/// </summary>
public sealed class SchemaWalker
{
    private static readonly string[] RootMetaFields = ["apiVersion", "kind", "metadata"];
    private readonly bool _customResource;

    private SchemaWalker(bool customResource) => _customResource = customResource;

    public List<FieldError> Errors { get; } = [];

    public List<string> UnknownFields { get; } = [];

    /// <summary>Prunes and type-checks a built-in object (no defaults; type errors are decoding errors).</summary>
    public static SchemaWalker WalkBuiltIn(JsonObject root, SchemaNode schema)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(schema);
        var walker = new SchemaWalker(customResource: false);
        walker.WalkObject(root, schema, string.Empty, isRoot: true);
        return walker;
    }

    /// <summary>Prunes, defaults and validates a custom resource against its CRD version's structural schema.</summary>
    public static SchemaWalker WalkCustomResource(JsonObject root, SchemaNode schema)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(schema);
        var walker = new SchemaWalker(customResource: true);
        walker.WalkObject(root, schema, string.Empty, isRoot: true);
        return walker;
    }

    private static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    private static string TypeName(JsonNode? node) => node switch
    {
        null => "null",
        JsonObject => "object",
        JsonArray => "array",
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => "string",
            JsonValueKind.True or JsonValueKind.False => "boolean",
            JsonValueKind.Number => IsInteger(v) ? "integer" : "number",
            _ => "null",
        },
        _ => "null",
    };

    private static bool IsInteger(JsonValue value)
    {
        if (value.TryGetValue<long>(out _))
        {
            return true;
        }

        return value.TryGetValue<double>(out var d) && Math.Abs(d % 1) < double.Epsilon && Math.Abs(d) < 9.2e18;
    }

    private static string Quote(JsonNode? node) => node switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.String => JsonSerializer.Serialize(v.GetValue<string>()),
        null => "null",
        _ => node.ToJsonString(),
    };

    private void WalkValue(JsonNode? value, SchemaNode schema, string path)
    {
        if (schema.IsUnconstrained)
        {
            return;
        }

        if (value is null)
        {
            if (!schema.Nullable && _customResource)
            {
                TypeError(path, value, schema.Type ?? "object");
            }

            return;
        }

        if (schema.IntOrString)
        {
            var t = TypeName(value);
            if (t is not ("string" or "integer"))
            {
                TypeError(path, value, "integer,string");
            }

            return;
        }

        if (schema.StringOrNumber)
        {
            var t = TypeName(value);
            if (t is not ("string" or "integer" or "number"))
            {
                TypeError(path, value, "string");
            }

            return;
        }

        var type = schema.Type ?? (schema.HasProperties || schema.AdditionalProperties is not null ? "object" : null);
        switch (type)
        {
            case "object":
                if (value is JsonObject obj)
                {
                    WalkObject(obj, schema, path, isRoot: false);
                }
                else
                {
                    TypeError(path, value, "object");
                }

                break;
            case "array":
                if (value is JsonArray array)
                {
                    WalkArray(array, schema, path);
                }
                else
                {
                    TypeError(path, value, "array");
                }

                break;
            case "string":
                if (TypeName(value) != "string")
                {
                    TypeError(path, value, "string");
                }
                else if (_customResource)
                {
                    CheckString(value.GetValue<string>(), value, schema, path);
                }

                break;
            case "integer":
                if (TypeName(value) != "integer")
                {
                    TypeError(path, value, "integer");
                }
                else if (_customResource)
                {
                    CheckNumber(value.GetValue<double>(), value, schema, path);
                }

                break;
            case "number":
                if (TypeName(value) is not ("integer" or "number"))
                {
                    TypeError(path, value, "number");
                }
                else if (_customResource)
                {
                    CheckNumber(value.GetValue<double>(), value, schema, path);
                }

                break;
            case "boolean":
                if (TypeName(value) != "boolean")
                {
                    TypeError(path, value, "boolean");
                }

                break;
            default:
                break;
        }

        if (_customResource && schema.Enum is { } allowed && !allowed.Any(a => JsonNode.DeepEquals(a, value)))
        {
            Errors.Add(FieldError.Unsupported(path, Quote(value), allowed.Select(a => a is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : a?.ToJsonString() ?? "null")));
        }
    }

    private void WalkObject(JsonObject obj, SchemaNode schema, string path, bool isRoot)
    {
        var additional = schema.AdditionalProperties;
        var keepsUnknown = schema.PreserveUnknownFields || (!schema.HasProperties && additional is null && !_customResource)
            || (!schema.HasProperties && additional is null && schema.Type is null);
        List<string>? prune = null;
        foreach (var (name, child) in obj)
        {
            var childPath = Join(path, name);
            if ((isRoot || schema.EmbeddedResource) && _customResource && Array.IndexOf(RootMetaFields, name) >= 0)
            {
                if (name == "metadata" && child is JsonObject meta && SchemaCatalog.Instance.ForKind("", "v1", "Pod")?.Property("metadata") is { } objectMeta)
                {
                    // Custom resources get ObjectMeta pruning like any other object.
                    var metaWalker = new SchemaWalker(customResource: false);
                    metaWalker.WalkObject(meta, objectMeta, childPath, isRoot: false);
                    UnknownFields.AddRange(metaWalker.UnknownFields);
                }

                continue;
            }

            if (schema.Property(name) is { } property)
            {
                if (child is null && !_customResource)
                {
                    // Go decodes null into the zero value, which it then omits.
                    (prune ??= []).Add(name);
                    continue;
                }

                WalkValue(child, property, childPath);
            }
            else if (additional is not null)
            {
                WalkValue(child, additional, $"{path}[{name}]");
            }
            else if (!keepsUnknown)
            {
                UnknownFields.Add(childPath);
                (prune ??= []).Add(name);
            }
        }

        if (prune is not null)
        {
            foreach (var name in prune)
            {
                obj.Remove(name);
            }
        }

        if (!_customResource)
        {
            return;
        }

        foreach (var name in schema.PropertyNames)
        {
            if (obj.ContainsKey(name) || schema.Property(name) is not { Default: { } defaultValue } property)
            {
                continue;
            }

            var value = defaultValue.DeepClone();
            obj[name] = value;
            WalkValue(value, property, Join(path, name));
        }

        foreach (var name in schema.Required)
        {
            if (!obj.ContainsKey(name))
            {
                Errors.Add(FieldError.Required(Join(path, name)));
            }
        }

        if (schema.MinProperties is { } minProps && obj.Count < minProps)
        {
            Errors.Add(FieldError.Invalid(path, obj.Count.ToString(CultureInfo.InvariantCulture), $"{path} in body should have at least {minProps} properties"));
        }

        if (schema.MaxProperties is { } maxProps && obj.Count > maxProps)
        {
            Errors.Add(FieldError.TooLong(path, (int)maxProps));
        }
    }

    private void WalkArray(JsonArray array, SchemaNode schema, string path)
    {
        var items = schema.Items;
        for (var i = 0; i < array.Count; i++)
        {
            if (items is not null)
            {
                WalkValue(array[i], items, $"{path}[{i}]");
            }
        }

        if (!_customResource)
        {
            return;
        }

        if (schema.MinItems is { } min && array.Count < min)
        {
            Errors.Add(FieldError.Invalid(path, array.Count.ToString(CultureInfo.InvariantCulture), $"{path} in body should have at least {min} items"));
        }

        if (schema.MaxItems is { } max && array.Count > max)
        {
            Errors.Add(new FieldError(path, "FieldValueTooMany", $"Too many: {array.Count}: must have at most {max} items"));
        }

        if (schema.ListType == "set")
        {
            for (var i = 0; i < array.Count; i++)
            {
                for (var j = 0; j < i; j++)
                {
                    if (JsonNode.DeepEquals(array[i], array[j]))
                    {
                        Errors.Add(FieldError.Duplicate($"{path}[{i}]", Quote(array[i])));
                        break;
                    }
                }
            }
        }
        else if (schema.ListType == "map" && schema.ListMapKeys.Count > 0)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < array.Count; i++)
            {
                if (array[i] is not JsonObject element)
                {
                    continue;
                }

                var key = string.Join("\u0000", schema.ListMapKeys.Select(k => element[k]?.ToJsonString() ?? "null"));
                if (!seen.Add(key))
                {
                    var shown = "map[" + string.Join(" ", schema.ListMapKeys.Select(k => $"{k}:{element[k]?.ToString() ?? string.Empty}")) + "]";
                    Errors.Add(FieldError.Duplicate($"{path}[{i}]", shown));
                }
            }
        }
    }

    private void CheckString(string text, JsonNode value, SchemaNode schema, string path)
    {
        if (schema.MaxLength is { } max && text.Length > max)
        {
            Errors.Add(FieldError.TooLong(path, (int)max));
        }

        if (schema.MinLength is { } min && text.Length < min)
        {
            Errors.Add(FieldError.Invalid(path, Quote(value), $"{path} in body should be at least {min} chars long"));
        }

        if (schema.Pattern is { } pattern && !Regex.IsMatch(text, pattern, RegexOptions.None, TimeSpan.FromSeconds(1)))
        {
            Errors.Add(FieldError.Invalid(path, Quote(value), $"{path} in body should match '{pattern}'"));
        }

        if (schema.Format == "date-time" && !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            Errors.Add(FieldError.Invalid(path, Quote(value), $"{path} in body must be of type date-time: {Quote(value)}"));
        }
    }

    private void CheckNumber(double number, JsonNode value, SchemaNode schema, string path)
    {
        var shown = value.ToJsonString();
        if (schema.Minimum is { } min && (number < min || (schema.ExclusiveMinimum && number <= min)))
        {
            var op = schema.ExclusiveMinimum ? "greater than" : "greater than or equal to";
            Errors.Add(FieldError.Invalid(path, shown, $"{path} in body should be {op} {min.ToString(CultureInfo.InvariantCulture)}"));
        }

        if (schema.Maximum is { } max && (number > max || (schema.ExclusiveMaximum && number >= max)))
        {
            var op = schema.ExclusiveMaximum ? "less than" : "less than or equal to";
            Errors.Add(FieldError.Invalid(path, shown, $"{path} in body should be {op} {max.ToString(CultureInfo.InvariantCulture)}"));
        }
    }

    private void TypeError(string path, JsonNode? value, string expected)
    {
        var actual = TypeName(value);
        Errors.Add(FieldError.TypeInvalid(path, "\"" + actual + "\"", $"{path} in body must be of type {expected}: \"{actual}\""));
    }
}
