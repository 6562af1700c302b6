using System.Text.Json.Nodes;

namespace PullDoctor.Testing.Storage;

/// <summary>Puts kind, apiVersion and metadata first, and metadata fields in ObjectMeta order, as Go serializes them.</summary>
public static class MetadataOrder
{
    private static readonly string[] MetaOrder =
    [
        "name", "generateName", "namespace", "selfLink", "uid", "resourceVersion", "generation", "creationTimestamp",
        "deletionTimestamp", "deletionGracePeriodSeconds", "labels", "annotations", "ownerReferences", "finalizers", "managedFields",
    ];

    public static JsonObject Normalize(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var result = new JsonObject();
        foreach (var first in new[] { "kind", "apiVersion", "metadata" })
        {
            if (obj.TryGetPropertyValue(first, out var value))
            {
                obj.Remove(first);
                result[first] = first == "metadata" && value is JsonObject meta ? NormalizeMeta(meta) : value;
            }
        }

        foreach (var (name, value) in obj.ToArray())
        {
            obj.Remove(name);
            result[name] = value;
        }

        return result;
    }

    private static JsonObject NormalizeMeta(JsonObject meta)
    {
        var result = new JsonObject();
        foreach (var name in MetaOrder)
        {
            if (meta.TryGetPropertyValue(name, out var value))
            {
                meta.Remove(name);
                result[name] = value;
            }
        }

        foreach (var (name, value) in meta.ToArray())
        {
            meta.Remove(name);
            result[name] = value;
        }

        return result;
    }
}
