using System.Text.Json.Nodes;

namespace PullDoctor.Testing.Storage;

/// <summary>The parts of metadata.ownerReferences[] the garbage collector needs.</summary>
public sealed record OwnerReference(string ApiVersion, string Kind, string Name, string Uid, bool Controller, bool BlockOwnerDeletion)
{
    public static OwnerReference FromJson(JsonObject reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        return new OwnerReference(
            reference.GetString("apiVersion") ?? string.Empty,
            reference.GetString("kind") ?? string.Empty,
            reference.GetString("name") ?? string.Empty,
            reference.GetString("uid") ?? string.Empty,
            reference["controller"]?.GetValue<bool>() ?? false,
            reference["blockOwnerDeletion"]?.GetValue<bool>() ?? false);
    }
}
