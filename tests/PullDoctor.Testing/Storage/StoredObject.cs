using System.Text.Json;
using System.Text.Json.Nodes;
using PullDoctor.Testing.Resources;

namespace PullDoctor.Testing.Storage;

/// <summary>
/// One immutable stored version of an object: its serialized JSON (written to clients as is) plus
/// what selectors, indexes and the garbage collector need, extracted once at write time.
/// </summary>
public sealed class StoredObject
{
    private static readonly Dictionary<string, string> NoLabels = new(StringComparer.Ordinal);

    private StoredObject(string key, string ns, string name, string uid, long resourceVersion, byte[] json,
        IReadOnlyDictionary<string, string> labels, IReadOnlyDictionary<string, string?> fields,
        IReadOnlyList<OwnerReference> owners, bool deleting, IReadOnlyList<string> finalizers)
    {
        Key = key;
        Namespace = ns;
        Name = name;
        Uid = uid;
        ResourceVersion = resourceVersion;
        Json = json;
        Labels = labels;
        Fields = fields;
        Owners = owners;
        IsDeleting = deleting;
        Finalizers = finalizers;
    }

    /// <summary><c>namespace/name</c>, or <c>name</c> for cluster-scoped objects; the sort key of lists.</summary>
    public string Key { get; }

    public string Namespace { get; }

    public string Name { get; }

    public string Uid { get; }

    public long ResourceVersion { get; }

    /// <summary>The object as stored, UTF-8 JSON. Never mutate.</summary>
    public ReadOnlyMemory<byte> Json { get; }

    public IReadOnlyDictionary<string, string> Labels { get; }

    public IReadOnlyDictionary<string, string?> Fields { get; }

    public IReadOnlyList<OwnerReference> Owners { get; }

    public bool IsDeleting { get; }

    public IReadOnlyList<string> Finalizers { get; }

    public static string MakeKey(string ns, string name) => string.IsNullOrEmpty(ns) ? name : ns + "/" + name;

    /// <summary>A fresh mutable copy of the object.</summary>
    public JsonObject ToJsonObject() => JsonUtil.ParseObject(Json.Span);

    public static StoredObject FromJson(JsonObject obj, ResourceType storageType)
    {
        ArgumentNullException.ThrowIfNull(obj);
        ArgumentNullException.ThrowIfNull(storageType);
        var meta = obj.Metadata();
        var ns = meta.GetString("namespace") ?? string.Empty;
        var name = meta.GetString("name") ?? string.Empty;
        var uid = meta.GetString("uid") ?? string.Empty;
        var rv = long.TryParse(meta.GetString("resourceVersion"), out var parsed) ? parsed : 0;

        IReadOnlyDictionary<string, string> labels = NoLabels;
        if (meta["labels"] is JsonObject labelObject && labelObject.Count > 0)
        {
            var dict = new Dictionary<string, string>(labelObject.Count, StringComparer.Ordinal);
            foreach (var (k, v) in labelObject)
            {
                dict[k] = JsonUtil.Render(v) ?? string.Empty;
            }

            labels = dict;
        }

        var fields = new Dictionary<string, string?>(storageType.SelectableFields.Count + 2, StringComparer.Ordinal)
        {
            ["metadata.name"] = name,
            ["metadata.namespace"] = ns,
        };
        foreach (var (label, path) in storageType.SelectableFields)
        {
            fields[label] = JsonUtil.ReadPath(obj, path);
        }

        var owners = Array.Empty<OwnerReference>() as IReadOnlyList<OwnerReference>;
        if (meta["ownerReferences"] is JsonArray refs && refs.Count > 0)
        {
            owners = refs.OfType<JsonObject>().Select(OwnerReference.FromJson).ToArray();
        }

        var finalizers = meta["finalizers"] is JsonArray f && f.Count > 0
            ? f.Select(x => JsonUtil.Render(x) ?? string.Empty).ToArray()
            : [];
        var deleting = meta["deletionTimestamp"] is JsonValue dv && dv.GetValueKind() == JsonValueKind.String;
        return new StoredObject(MakeKey(ns, name), ns, name, uid, rv, JsonUtil.ToUtf8(obj), labels, fields, owners, deleting, finalizers);
    }
}
