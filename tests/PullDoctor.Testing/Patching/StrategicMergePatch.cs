using System.Text.Json.Nodes;
using PullDoctor.Testing.Api;
using PullDoctor.Testing.Schema;

namespace PullDoctor.Testing.Patching;

/// <summary>
/// Strategic merge patch for built-in types, driven by the x-kubernetes-patch-strategy and
/// x-kubernetes-patch-merge-key of the v1.35 schemas: lists with a merge key merge element by
/// key (containers by name, ownerReferences by uid, conditions by type), primitive merge lists
/// (finalizers) union, other lists replace. Directives: <c>$patch: replace|delete|merge</c>,
/// <c>$retainKeys</c>, <c>$deleteFromPrimitiveList/&lt;field&gt;</c>, <c>$setElementOrder/&lt;field&gt;</c>.
/// </summary>
public static class StrategicMergePatch
{
    private const string PatchDirective = "$patch";
    private const string RetainKeys = "$retainKeys";
    private const string DeleteFromPrimitiveList = "$deleteFromPrimitiveList/";
    private const string SetElementOrder = "$setElementOrder/";

    public static JsonObject Apply(JsonObject original, JsonObject patch, SchemaNode? schema)
    {
        ArgumentNullException.ThrowIfNull(original);
        ArgumentNullException.ThrowIfNull(patch);
        return MergeMap((JsonObject)original.DeepClone(), patch, schema) ?? [];
    }

    private static JsonObject? MergeMap(JsonObject original, JsonObject patch, SchemaNode? schema)
    {
        switch (patch[PatchDirective]?.ToString())
        {
            case "replace":
                {
                    var replaced = (JsonObject)patch.DeepClone();
                    replaced.Remove(PatchDirective);
                    return replaced;
                }

            case "delete":
                return null;
            case null or "merge":
                break;
            default:
                throw ApiException.BadRequest($"Unknown patch type: {patch[PatchDirective]}");
        }

        if (patch[RetainKeys] is JsonArray retain)
        {
            var keep = retain.Select(k => k?.ToString()).ToHashSet(StringComparer.Ordinal);
            foreach (var key in original.Select(p => p.Key).Where(k => !keep.Contains(k)).ToArray())
            {
                original.Remove(key);
            }
        }

        foreach (var (name, value) in patch)
        {
            if (name is PatchDirective or RetainKeys || name.StartsWith(SetElementOrder, StringComparison.Ordinal))
            {
                continue;
            }

            if (name.StartsWith(DeleteFromPrimitiveList, StringComparison.Ordinal))
            {
                var field = name[DeleteFromPrimitiveList.Length..];
                if (original[field] is JsonArray list && value is JsonArray remove)
                {
                    foreach (var item in list.Where(i => remove.Any(r => JsonNode.DeepEquals(r, i))).ToArray())
                    {
                        list.Remove(item);
                    }
                }

                continue;
            }

            var childSchema = schema?.Property(name) ?? schema?.AdditionalProperties;
            if (value is null)
            {
                original.Remove(name);
            }
            else if (value is JsonObject patchChild && original[name] is JsonObject originalChild
                && childSchema?.MapType != "atomic")
            {
                var merged = MergeMap(originalChild, patchChild, childSchema);
                if (merged is null)
                {
                    original.Remove(name);
                }
                else if (!ReferenceEquals(merged, originalChild))
                {
                    original[name] = merged;
                }
            }
            else if (value is JsonObject newChild)
            {
                var merged = MergeMap([], newChild, childSchema);
                if (merged is not null)
                {
                    original[name] = merged;
                }
            }
            else if (value is JsonArray patchList && childSchema?.PatchStrategy?.Contains("merge", StringComparison.Ordinal) == true)
            {
                original[name] = MergeList(original[name] as JsonArray ?? [], patchList, childSchema);
            }
            else
            {
                original[name] = StripDirectives(value.DeepClone());
            }
        }

        return original;
    }

    private static JsonArray MergeList(JsonArray original, JsonArray patch, SchemaNode listSchema)
    {
        if (patch.OfType<JsonObject>().Any(e => e[PatchDirective]?.ToString() == "replace" && e.Count == 1))
        {
            return new JsonArray(patch.Where(e => !(e is JsonObject o && o[PatchDirective]?.ToString() == "replace")).Select(e => e?.DeepClone()).ToArray());
        }

        var result = new JsonArray(original.Select(e => e?.DeepClone()).ToArray());
        var key = listSchema.PatchMergeKey;
        var itemSchema = listSchema.Items;
        foreach (var element in patch)
        {
            if (element is JsonObject patchElement && key is not null)
            {
                var keyValue = patchElement[key];
                var existing = result.OfType<JsonObject>().FirstOrDefault(e => JsonNode.DeepEquals(e[key], keyValue));
                if (patchElement[PatchDirective]?.ToString() == "delete")
                {
                    if (existing is not null)
                    {
                        result.Remove(existing);
                    }

                    continue;
                }

                if (existing is not null)
                {
                    var index = result.IndexOf(existing);
                    result[index] = MergeMap((JsonObject)existing.DeepClone(), patchElement, itemSchema);
                }
                else
                {
                    result.Add(StripDirectives(patchElement.DeepClone()));
                }
            }
            else if (!result.Any(e => JsonNode.DeepEquals(e, element)))
            {
                result.Add(element?.DeepClone());
            }
        }

        return result;
    }

    private static JsonNode? StripDirectives(JsonNode? node)
    {
        if (node is JsonObject obj)
        {
            foreach (var key in obj.Select(p => p.Key).Where(k => k.StartsWith('$')).ToArray())
            {
                obj.Remove(key);
            }

            foreach (var (_, child) in obj)
            {
                StripDirectives(child);
            }
        }
        else if (node is JsonArray array)
        {
            foreach (var child in array)
            {
                StripDirectives(child);
            }
        }

        return node;
    }
}
