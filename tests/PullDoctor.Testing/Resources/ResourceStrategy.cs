using System.Text.Json.Nodes;
using PullDoctor.Testing.Api;

namespace PullDoctor.Testing.Resources;

/// <summary>
/// The per-resource rules of a kube-apiserver REST strategy: defaulting and status handling on
/// create and update, and validation. The default is what a plain built-in resource does.
/// </summary>
public class ResourceStrategy
{
    public static ResourceStrategy Default { get; } = new();

    /// <summary>Whether create throws away a status the client sent (true for types with a status subresource).</summary>
    public virtual bool ResetsStatusOnCreate => true;

    /// <summary>The name format metadata.name must have.</summary>
    public virtual NameFormat NameFormat => NameFormat.Subdomain;

    /// <summary>Defaults and server-owned fields of a new object (stored form).</summary>
    public virtual void PrepareForCreate(JsonObject obj, ResourceType type)
    {
    }

    /// <summary>Validates the object in the form the client sent it (before conversion to the stored form).</summary>
    public virtual void ValidateServed(JsonObject served, ResourceType type, List<FieldError> errors)
    {
    }

    /// <summary>Validates a new or updated object (stored form); <paramref name="old"/> is null on create.</summary>
    public virtual void Validate(JsonObject obj, JsonObject? old, ResourceType type, List<FieldError> errors)
    {
    }
}

public enum NameFormat
{
    Subdomain,
    Label,
    PathSegment,
}
