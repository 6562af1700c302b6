using System.Text.Json;
using System.Text.Json.Nodes;
using PullDoctor.Testing.Schema;
using PullDoctor.Testing.Storage;

namespace PullDoctor.Testing.Patching;

/// <summary>
/// metadata.managedFields bookkeeping: a FieldsV1 set per (manager, operation, subresource), in the
/// wire format of structured-merge-diff (<c>f:</c> fields, <c>k:</c> list-map keys, <c>v:</c> set values).
/// </summary>
public static class ManagedFields
{
    private static readonly HashSet<string> ServerOwnedMetadata = new(StringComparer.Ordinal)
    {
        "uid", "resourceVersion", "generation", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "managedFields", "selfLink",
    };

    /// <summary>The set of fields present in <paramref name="obj"/>.</summary>
    private static readonly JsonSerializerOptions KeyOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static JsonObject FieldSet(JsonObject obj, SchemaNode? schema, bool excludeStatus)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var set = new JsonObject();
        foreach (var (name, value) in obj)
        {
            if (name is "apiVersion" or "kind" || (excludeStatus && name == "status"))
            {
                continue;
            }

            if (name == "metadata" && value is JsonObject meta)
            {
                var metaSet = new JsonObject();
                foreach (var (metaName, metaValue) in meta)
                {
                    if (!ServerOwnedMetadata.Contains(metaName) && metaName is not ("name" or "namespace"))
                    {
                        metaSet["f:" + metaName] = Fields(metaValue, schema?.Property("metadata")?.Property(metaName));
                    }
                }

                if (metaSet.Count > 0)
                {
                    set["f:metadata"] = metaSet;
                }

                continue;
            }

            set["f:" + name] = Fields(value, schema?.Property(name));
        }

        return set;
    }

    /// <summary>Adds or replaces the entry of one manager/operation/subresource.</summary>
    public static void Record(JsonObject obj, string manager, string operation, string apiVersion, string? subresource, JsonObject fields, DateTimeOffset time)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var meta = obj.Metadata();
        var entries = meta["managedFields"] as JsonArray ?? [];
        foreach (var existing in entries.OfType<JsonObject>().Where(e =>
            e.GetString("manager") == manager && e.GetString("operation") == operation && (e.GetString("subresource") ?? string.Empty) == (subresource ?? string.Empty)).ToArray())
        {
            entries.Remove(existing);
        }

        var entry = new JsonObject
        {
            ["manager"] = manager,
            ["operation"] = operation,
            ["apiVersion"] = apiVersion,
            ["time"] = JsonUtil.FormatTime(time),
            ["fieldsType"] = "FieldsV1",
            ["fieldsV1"] = fields,
        };
        if (!string.IsNullOrEmpty(subresource))
        {
            entry["subresource"] = subresource;
        }

        entries.Add(entry);
        meta["managedFields"] = entries;
    }

    public static JsonObject? Find(JsonObject obj, string manager, string operation, string? subresource)
    {
        ArgumentNullException.ThrowIfNull(obj);
        return (obj["metadata"]?["managedFields"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(e =>
            e.GetString("manager") == manager && e.GetString("operation") == operation
            && (e.GetString("subresource") ?? string.Empty) == (subresource ?? string.Empty))?["fieldsV1"] as JsonObject;
    }

    private static JsonObject Fields(JsonNode? value, SchemaNode? schema)
    {
        var set = new JsonObject();
        switch (value)
        {
            case JsonObject obj when schema?.MapType != "atomic":
                foreach (var (name, child) in obj)
                {
                    set["f:" + name] = Fields(child, schema?.Property(name) ?? schema?.AdditionalProperties);
                }

                break;
            case JsonArray array:
                var keys = ListKeys(schema);
                var setList = schema?.ListType == "set" || (schema?.PatchStrategy == "merge" && schema.PatchMergeKey is null);
                foreach (var element in array)
                {
                    if (keys.Count > 0 && element is JsonObject item)
                    {
                        set["k:" + KeyOf(item, keys)] = WithDot(Fields(item, schema?.Items));
                    }
                    else if (setList && element is JsonValue)
                    {
                        set["v:" + element.ToJsonString()] = new JsonObject();
                    }
                }

                break;
            default:
                break;
        }

        return set;
    }

    internal static IReadOnlyList<string> ListKeys(SchemaNode? schema)
    {
        if (schema is null)
        {
            return [];
        }

        if (schema.ListType == "map" && schema.ListMapKeys.Count > 0)
        {
            return schema.ListMapKeys;
        }

        return schema.PatchMergeKey is { } key && schema.ListType != "atomic" ? [key] : [];
    }

    internal static string KeyOf(JsonObject item, IReadOnlyList<string> keys)
    {
        // structured-merge-diff's key form: a JSON object of the key fields, sorted by name.
        var sb = new System.Text.StringBuilder("{");
        var sorted = keys.Count == 1 ? keys : keys.Order(StringComparer.Ordinal).ToArray();
        for (var i = 0; i < sorted.Count; i++)
        {
            if (i > 0)
            {
                sb.Append(',');
            }

            sb.Append(JsonSerializer.Serialize(sorted[i], KeyOptions)).Append(':').Append(item[sorted[i]]?.ToJsonString(KeyOptions) ?? "null");
        }

        return sb.Append('}').ToString();
    }

    private static JsonObject WithDot(JsonObject fields)
    {
        var result = new JsonObject { ["."] = new JsonObject() };
        foreach (var (name, value) in fields.ToArray())
        {
            fields.Remove(name);
            result[name] = value;
        }

        return result;
    }
}
