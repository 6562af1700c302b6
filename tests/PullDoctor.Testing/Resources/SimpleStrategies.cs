using System.Text.Json.Nodes;
using PullDoctor.Testing.Api;
using PullDoctor.Testing.Storage;

namespace PullDoctor.Testing.Resources;

/// <summary>Namespaces: DNS-label names, the <c>kubernetes</c> finalizer, phase Active, the metadata.name label.</summary>
public sealed class NamespaceStrategy : ResourceStrategy
{
    public static NamespaceStrategy Instance { get; } = new();

    public override NameFormat NameFormat => NameFormat.Label;

    public override void PrepareForCreate(JsonObject obj, ResourceType type)
    {
        ArgumentNullException.ThrowIfNull(obj);
        obj.GetOrAddObject("spec")["finalizers"] = new JsonArray("kubernetes");
        obj["status"] = new JsonObject { ["phase"] = "Active" };
        var meta = obj.Metadata();
        meta.GetOrAddObject("labels")["kubernetes.io/metadata.name"] = meta.GetString("name");
    }
}

/// <summary>Nodes keep the status they are created with (a kubelet registers itself that way).</summary>
public sealed class NodeStrategy : ResourceStrategy
{
    public static NodeStrategy Instance { get; } = new();

    public override bool ResetsStatusOnCreate => false;
}

/// <summary>core/v1 Events: the involved object must be in the event's namespace.</summary>
public sealed class CoreEventStrategy : ResourceStrategy
{
    public static CoreEventStrategy Instance { get; } = new();

    public override bool ResetsStatusOnCreate => false;

    public override void Validate(JsonObject obj, JsonObject? old, ResourceType type, List<FieldError> errors)
    {
        ArgumentNullException.ThrowIfNull(obj);
        ArgumentNullException.ThrowIfNull(errors);
        var ns = obj.Metadata().GetString("namespace") ?? string.Empty;
        var involvedNs = obj["involvedObject"]?["namespace"]?.ToString();
        if (!string.IsNullOrEmpty(involvedNs) && involvedNs != ns)
        {
            errors.Add(FieldError.Invalid("involvedObject.namespace", "\"" + involvedNs + "\"", "does not match event.namespace"));
        }

        var kind = obj.GetString("type");
        if (kind is not (null or "" or "Normal" or "Warning"))
        {
            errors.Add(FieldError.Unsupported("type", "\"" + kind + "\"", ["Normal", "Warning"]));
        }
    }
}

/// <summary>events.k8s.io/v1 Events: the fields the v1 API requires, checked on the served form.</summary>
public sealed class EventsV1Strategy : ResourceStrategy
{
    public static EventsV1Strategy Instance { get; } = new();

    public override bool ResetsStatusOnCreate => false;

    public override void ValidateServed(JsonObject served, ResourceType type, List<FieldError> errors)
    {
        ArgumentNullException.ThrowIfNull(served);
        ArgumentNullException.ThrowIfNull(errors);
        foreach (var field in new[] { "eventTime", "reportingController", "reportingInstance", "action", "reason" })
        {
            if (string.IsNullOrEmpty(served[field]?.ToString()))
            {
                errors.Add(FieldError.Required(field));
            }
        }

        var kind = served.GetString("type");
        if (kind is not ("Normal" or "Warning"))
        {
            errors.Add(FieldError.Unsupported("type", "\"" + kind + "\"", ["Normal", "Warning"]));
        }

        if (served.GetString("note") is { Length: > 1024 })
        {
            errors.Add(FieldError.TooLong("note", 1024));
        }

        if (served.GetString("reportingInstance") is { Length: > 128 })
        {
            errors.Add(FieldError.TooLong("reportingInstance", 128));
        }
    }

    public override void Validate(JsonObject obj, JsonObject? old, ResourceType type, List<FieldError> errors) =>
        CoreEventStrategy.Instance.Validate(obj, old, type, errors);
}
