using System.Collections.Frozen;
using System.Text.Json.Nodes;

namespace PullDoctor.Testing.Schema;

/// <summary>The built-in Kubernetes v1.35.0 type definitions, indexed by group/version/kind.</summary>
public sealed class SchemaCatalog
{
    private const string RefPrefix = "#/definitions/";
    private static readonly Lazy<SchemaCatalog> Lazy = new(Load);
    private readonly FrozenDictionary<string, JsonObject> _definitions;
    private readonly FrozenDictionary<(string Group, string Version, string Kind), string> _byGvk;

    private SchemaCatalog(JsonObject definitions)
    {
        _definitions = definitions.ToFrozenDictionary(p => p.Key, p => (JsonObject)p.Value!, StringComparer.Ordinal);
        var byGvk = new Dictionary<(string, string, string), string>();
        foreach (var (name, definition) in _definitions)
        {
            if (definition["x-kubernetes-group-version-kind"] is not JsonArray gvks)
            {
                continue;
            }

            foreach (var gvk in gvks.OfType<JsonObject>())
            {
                var key = ((string)gvk["group"]!, (string)gvk["version"]!, (string)gvk["kind"]!);
                // DeleteOptions and friends are listed under every group; the first (and only real) owner wins.
                byGvk.TryAdd(key, name);
            }
        }

        _byGvk = byGvk.ToFrozenDictionary();
    }

    public static SchemaCatalog Instance => Lazy.Value;

    public IReadOnlyDictionary<string, JsonObject> Definitions => _definitions;

    public JsonObject? Definition(string reference)
    {
        var name = reference.StartsWith(RefPrefix, StringComparison.Ordinal) ? reference[RefPrefix.Length..] : reference;
        return _definitions.GetValueOrDefault(name);
    }

    public string? DefinitionName(string group, string version, string kind) =>
        _byGvk.GetValueOrDefault((group, version, kind));

    public SchemaNode? ForKind(string group, string version, string kind) =>
        DefinitionName(group, version, kind) is { } name ? SchemaNode.Of(_definitions[name], this) : null;

    private static SchemaCatalog Load()
    {
        using var stream = typeof(SchemaCatalog).Assembly.GetManifestResourceStream("PullDoctor.Testing.k8s-definitions.json")
            ?? throw new InvalidOperationException("the embedded Kubernetes definitions are missing");
        var root = JsonNode.Parse(stream)!.AsObject();
        SchemaNode.Materialize(root);
        return new SchemaCatalog((JsonObject)root["definitions"]!);
    }
}
