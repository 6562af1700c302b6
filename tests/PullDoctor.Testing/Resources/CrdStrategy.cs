using System.Text.Json.Nodes;
using PullDoctor.Testing.Api;
using PullDoctor.Testing.Storage;

namespace PullDoctor.Testing.Resources;

/// <summary>
/// CustomResourceDefinitions: the apiextensions validation that matters for serving (name is
/// plural.group, names, scope, exactly one storage version, a schema per version) and the cleanup
/// finalizer the apiextensions server puts on every CRD.
/// </summary>
public sealed class CrdStrategy : ResourceStrategy
{
    public const string CleanupFinalizer = "customresourcecleanup.apiextensions.k8s.io";

    public static CrdStrategy Instance { get; } = new();

    public override void PrepareForCreate(JsonObject obj, ResourceType type)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var spec = obj.GetOrAddObject("spec");
        if (spec["conversion"] is null)
        {
            spec["conversion"] = new JsonObject { ["strategy"] = "None" };
        }

        if (spec["names"] is JsonObject names)
        {
            if (names["singular"] is null && names.GetString("kind") is { } kind)
            {
                names["singular"] = kind.ToLowerInvariant();
            }

            if (names["listKind"] is null && names.GetString("kind") is { } k)
            {
                names["listKind"] = k + "List";
            }
        }

        var meta = obj.Metadata();
        var finalizers = meta["finalizers"] as JsonArray ?? [];
        if (!finalizers.Any(f => f?.ToString() == CleanupFinalizer))
        {
            finalizers.Add(CleanupFinalizer);
        }

        meta["finalizers"] = finalizers;
    }

    public override void Validate(JsonObject obj, JsonObject? old, ResourceType type, List<FieldError> errors)
    {
        ArgumentNullException.ThrowIfNull(obj);
        ArgumentNullException.ThrowIfNull(errors);
        var name = obj.Metadata().GetString("name") ?? string.Empty;
        var spec = obj["spec"] as JsonObject ?? [];
        var group = spec.GetString("group") ?? string.Empty;
        var plural = spec["names"]?["plural"]?.ToString() ?? string.Empty;
        if (group.Length == 0)
        {
            errors.Add(FieldError.Required("spec.group"));
        }
        else if (!group.Contains('.', StringComparison.Ordinal))
        {
            errors.Add(FieldError.Invalid("spec.group", "\"" + group + "\"", "should be a domain with at least one dot"));
        }

        if (plural.Length == 0)
        {
            errors.Add(FieldError.Required("spec.names.plural"));
        }

        if (string.IsNullOrEmpty(spec["names"]?["kind"]?.ToString()))
        {
            errors.Add(FieldError.Required("spec.names.kind"));
        }

        if (name != $"{plural}.{group}")
        {
            errors.Add(FieldError.Invalid("metadata.name", "\"" + name + "\"", "must be spec.names.plural+\".\"+spec.group"));
        }

        var scope = spec.GetString("scope");
        if (scope is not ("Namespaced" or "Cluster"))
        {
            errors.Add(FieldError.Unsupported("spec.scope", "\"" + scope + "\"", ["Cluster", "Namespaced"]));
        }

        if (spec["versions"] is not JsonArray versions || versions.Count == 0)
        {
            errors.Add(FieldError.Invalid("spec.versions", "null", "must have exactly one version marked as storage version"));
            return;
        }

        var storage = versions.OfType<JsonObject>().Count(v => v["storage"]?.GetValue<bool>() == true);
        if (storage != 1)
        {
            errors.Add(FieldError.Invalid("spec.versions", "[]", "must have exactly one version marked as storage version"));
        }

        for (var i = 0; i < versions.Count; i++)
        {
            if (versions[i] is JsonObject v && v["schema"]?["openAPIV3Schema"] is not JsonObject)
            {
                errors.Add(FieldError.Required($"spec.versions[{i}].schema.openAPIV3Schema", "schemas are required"));
            }
        }
    }
}
