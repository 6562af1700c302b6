using System.Text.Json.Nodes;
using PullDoctor.Testing.Api;

namespace PullDoctor.Testing.Resources;

/// <summary>
/// One served group/version/resource: what discovery advertises and what the handlers need to
/// know to treat it like kube-apiserver's registry for that resource does.
/// </summary>
public sealed class ResourceType
{
    public required string Group { get; init; }

    public required string Version { get; init; }

    /// <summary>The plural, lower-case resource name used in URLs (<c>pods</c>).</summary>
    public required string Plural { get; init; }

    public required string Singular { get; init; }

    public required string Kind { get; init; }

    public string ListKind => Kind + "List";

    public required bool Namespaced { get; init; }

    public IReadOnlyList<string> ShortNames { get; init; } = [];

    public IReadOnlyList<string> Categories { get; init; } = [];

    /// <summary>Whether a <c>/status</c> subresource exists, which isolates status from the main endpoint.</summary>
    public bool HasStatus { get; init; }

    /// <summary>Whether metadata.generation is set and bumped on spec changes.</summary>
    public bool TracksGeneration { get; init; }

    /// <summary>Whether an update without metadata.resourceVersion is accepted (false for custom resources).</summary>
    public bool AllowUnconditionalUpdate { get; init; } = true;

    /// <summary>Whether a PUT of a missing object creates it (events and leases do not; nothing we serve does).</summary>
    public bool AllowCreateOnUpdate { get; init; }

    /// <summary>Field selector labels beyond metadata.name / metadata.namespace, with the JSON path each reads.</summary>
    public IReadOnlyDictionary<string, string> SelectableFields { get; init; } = new Dictionary<string, string>();

    /// <summary>Name of the storage table; two versions or groups of one resource share it (core and events.k8s.io events).</summary>
    public required string StorageKey { get; init; }

    /// <summary>Converts between the stored representation and this version's, when they differ.</summary>
    public IObjectView? View { get; init; }

    /// <summary>The OpenAPI v3 schema of a custom resource version (null for built-in types).</summary>
    public JsonObject? Schema { get; init; }

    /// <summary>CRD additionalPrinterColumns of a custom resource version.</summary>
    public JsonArray? PrinterColumns { get; init; }

    public bool IsCustomResource { get; init; }

    /// <summary>The name of the CRD that defines this resource, for custom resources.</summary>
    public string? CrdName { get; init; }

    public ResourceStrategy Strategy { get; init; } = ResourceStrategy.Default;

    public string GroupVersion => string.IsNullOrEmpty(Group) ? Version : $"{Group}/{Version}";

    public GroupResource GroupResource => new(Group, Plural);

    public GroupKind GroupKind => new(Group, Kind);

    public IReadOnlyList<string> Verbs { get; init; } = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];

    public override string ToString() => $"{GroupVersion}/{Plural}";
}
