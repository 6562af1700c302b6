using System.Text.Json.Nodes;
using PullDoctor.Testing.Schema;

namespace PullDoctor.Testing.Patching;

/// <summary>
/// A small server-side apply: the applied configuration is merged into the live object (list-map
/// lists by key, set lists as unions, others replaced) and fields this manager applied last time
/// but no longer applies are removed. Ownership conflicts with other managers are not detected:
/// every apply behaves as if <c>force=true</c>.
/// </summary>
public static class ServerSideApply
{
    public static JsonObject Apply(JsonObject live, JsonObject applied, SchemaNode? schema, JsonObject? previousFields, JsonObject newFields)
    {
        ArgumentNullException.ThrowIfNull(live);
        ArgumentNullException.ThrowIfNull(applied);
        ArgumentNullException.ThrowIfNull(newFields);
        var result = (JsonObject)live.DeepClone();
        MergeObject(result, applied, schema);
        if (previousFields is not null)
        {
            RemoveStale(result, previousFields, newFields);
        }

        return result;
    }

    private static void MergeObject(JsonObject target, JsonObject applied, SchemaNode? schema)
    {
        foreach (var (name, value) in applied)
        {
            var childSchema = schema?.Property(name) ?? schema?.AdditionalProperties;
            if (value is JsonObject obj && target[name] is JsonObject existing && childSchema?.MapType != "atomic")
            {
                MergeObject(existing, obj, childSchema);
            }
            else if (value is JsonArray list && target[name] is JsonArray existingList)
            {
                target[name] = MergeList(existingList, list, childSchema);
            }
            else
            {
                target[name] = value?.DeepClone();
            }
        }
    }

    private static JsonArray MergeList(JsonArray existing, JsonArray applied, SchemaNode? schema)
    {
        var keys = ManagedFields.ListKeys(schema);
        if (keys.Count > 0)
        {
            var result = new JsonArray(existing.Select(e => e?.DeepClone()).ToArray());
            foreach (var element in applied.OfType<JsonObject>())
            {
                var key = ManagedFields.KeyOf(element, keys);
                var match = result.OfType<JsonObject>().FirstOrDefault(e => ManagedFields.KeyOf(e, keys) == key);
                if (match is null)
                {
                    result.Add(element.DeepClone());
                }
                else
                {
                    MergeObject(match, element, schema?.Items);
                }
            }

            return result;
        }

        if (schema?.ListType == "set" || (schema?.PatchStrategy == "merge" && schema.PatchMergeKey is null))
        {
            var result = new JsonArray(existing.Select(e => e?.DeepClone()).ToArray());
            foreach (var element in applied.Where(a => !existing.Any(e => JsonNode.DeepEquals(e, a))))
            {
                result.Add(element?.DeepClone());
            }

            return result;
        }

        return (JsonArray)applied.DeepClone();
    }

    private static void RemoveStale(JsonNode node, JsonObject previous, JsonObject current)
    {
        foreach (var (key, prevChild) in previous)
        {
            if (key == ".")
            {
                continue;
            }

            var currentChild = current[key] as JsonObject;
            if (key.StartsWith("f:", StringComparison.Ordinal) && node is JsonObject obj)
            {
                var name = key[2..];
                if (currentChild is null)
                {
                    if (!(node == node.Root && name is "metadata" or "apiVersion" or "kind"))
                    {
                        obj.Remove(name);
                    }
                }
                else if (obj[name] is { } child && prevChild is JsonObject prevSet)
                {
                    RemoveStale(child, prevSet, currentChild);
                }
            }
            else if (key.StartsWith("k:", StringComparison.Ordinal) && node is JsonArray array)
            {
                var wanted = JsonNode.Parse(key[2..]) as JsonObject;
                var element = array.OfType<JsonObject>().FirstOrDefault(e => wanted is not null && wanted.All(p => JsonNode.DeepEquals(e[p.Key], p.Value)));
                if (element is null)
                {
                    continue;
                }

                if (currentChild is null)
                {
                    array.Remove(element);
                }
                else if (prevChild is JsonObject prevSet)
                {
                    RemoveStale(element, prevSet, currentChild);
                }
            }
            else if (key.StartsWith("v:", StringComparison.Ordinal) && node is JsonArray values && currentChild is null)
            {
                var value = JsonNode.Parse(key[2..]);
                foreach (var match in values.Where(v => JsonNode.DeepEquals(v, value)).ToArray())
                {
                    values.Remove(match);
                }
            }
        }
    }
}
