using System.Text.Json.Nodes;
using PullDoctor.Testing.Storage;

namespace PullDoctor.Testing.Resources;

/// <summary>Turns a CRD into the resource types it serves, one per served version, sharing one storage table.</summary>
public static class CustomResourceTypes
{
    public static IReadOnlyList<ResourceType> FromCrd(JsonObject crd)
    {
        ArgumentNullException.ThrowIfNull(crd);
        var name = crd.Metadata().GetString("name")!;
        var spec = (JsonObject)crd["spec"]!;
        var group = spec.GetString("group")!;
        var names = (JsonObject)spec["names"]!;
        var plural = names.GetString("plural")!;
        var kind = names.GetString("kind")!;
        var singular = names.GetString("singular") ?? kind.ToLowerInvariant();
        var shortNames = (names["shortNames"] as JsonArray)?.Select(s => s!.ToString()).ToArray() ?? [];
        var categories = (names["categories"] as JsonArray)?.Select(s => s!.ToString()).ToArray() ?? [];
        var namespaced = spec.GetString("scope") == "Namespaced";
        var versions = ((JsonArray)spec["versions"]!).OfType<JsonObject>().ToArray();
        var storageVersion = versions.First(v => v["storage"]?.GetValue<bool>() == true).GetString("name")!;
        var result = new List<ResourceType>();
        foreach (var version in versions)
        {
            if (version["served"]?.GetValue<bool>() == false)
            {
                continue;
            }

            var versionName = version.GetString("name")!;
            var schema = version["schema"]?["openAPIV3Schema"]?.DeepClone() as JsonObject;
            var columns = version["additionalPrinterColumns"]?.DeepClone() as JsonArray;
            Schema.SchemaNode.Materialize(schema);
            Schema.SchemaNode.Materialize(columns);
            var fields = new Dictionary<string, string>(StringComparer.Ordinal);
            if (version["selectableFields"] is JsonArray selectable)
            {
                foreach (var field in selectable.OfType<JsonObject>())
                {
                    var path = field.GetString("jsonPath") ?? string.Empty;
                    fields[path.TrimStart('.')] = path.TrimStart('.');
                }
            }

            result.Add(new ResourceType
            {
                Group = group,
                Version = versionName,
                Plural = plural,
                Singular = singular,
                Kind = kind,
                Namespaced = namespaced,
                ShortNames = shortNames,
                Categories = categories,
                HasStatus = version["subresources"]?["status"] is not null,
                TracksGeneration = true,
                AllowUnconditionalUpdate = false,
                SelectableFields = fields,
                StorageKey = $"{plural}.{group}",
                View = versionName == storageVersion ? null : new ApiVersionView($"{group}/{storageVersion}", $"{group}/{versionName}"),
                Schema = schema,
                PrinterColumns = columns,
                IsCustomResource = true,
                CrdName = name,
                Strategy = CustomResourceStrategy.Instance,
            });
        }

        return result;
    }
}

/// <summary>Custom resources: status is set only through /status; nothing else beyond the schema.</summary>
public sealed class CustomResourceStrategy : ResourceStrategy
{
    public static CustomResourceStrategy Instance { get; } = new();
}
