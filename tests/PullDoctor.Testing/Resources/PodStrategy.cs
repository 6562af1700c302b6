using System.Text.Json.Nodes;
using PullDoctor.Testing.Api;
using PullDoctor.Testing.Storage;

namespace PullDoctor.Testing.Resources;

/// <summary>
/// Pods as kube-apiserver stores them: the defaults a real cluster fills in (pull policy from the
/// tag, restart/DNS policy, service account, default tolerations), status reset to Pending with a
/// QoS class on create, required containers, and the spec immutability rules of pod updates.
/// </summary>
public sealed class PodStrategy : ResourceStrategy
{
    private static readonly string[] ContainerLists = ["initContainers", "containers", "ephemeralContainers"];

    public static PodStrategy Instance { get; } = new();

    public override void PrepareForCreate(JsonObject obj, ResourceType type)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var spec = obj.GetOrAddObject("spec");
        SetDefault(spec, "restartPolicy", "Always");
        SetDefault(spec, "terminationGracePeriodSeconds", 30);
        SetDefault(spec, "dnsPolicy", "ClusterFirst");
        SetDefault(spec, "securityContext", new JsonObject());
        SetDefault(spec, "schedulerName", "default-scheduler");
        SetDefault(spec, "enableServiceLinks", true);
        SetDefault(spec, "priority", 0);
        SetDefault(spec, "preemptionPolicy", "PreemptLowerPriority");
        var account = spec.GetString("serviceAccountName") ?? spec.GetString("serviceAccount") ?? "default";
        spec["serviceAccountName"] = account;
        spec["serviceAccount"] = account;
        foreach (var list in ContainerLists)
        {
            if (spec[list] is not JsonArray containers)
            {
                continue;
            }

            foreach (var container in containers.OfType<JsonObject>())
            {
                SetDefault(container, "imagePullPolicy", DefaultPullPolicy(container.GetString("image") ?? string.Empty));
                SetDefault(container, "terminationMessagePath", "/dev/termination-log");
                SetDefault(container, "terminationMessagePolicy", "File");
                if (list != "ephemeralContainers")
                {
                    SetDefault(container, "resources", new JsonObject());
                }
            }
        }

        // The DefaultTolerationSeconds admission plugin adds these to every pod.
        if (spec["tolerations"] is not JsonArray tolerations)
        {
            tolerations = [];
            spec["tolerations"] = tolerations;
        }

        foreach (var key in new[] { "node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable" })
        {
            if (!tolerations.OfType<JsonObject>().Any(t => t.GetString("key") == key))
            {
                tolerations.Add(new JsonObject
                {
                    ["key"] = key,
                    ["operator"] = "Exists",
                    ["effect"] = "NoExecute",
                    ["tolerationSeconds"] = 300,
                });
            }
        }

        obj["status"] = new JsonObject { ["phase"] = "Pending", ["qosClass"] = QosClass(spec) };
    }

    public override void Validate(JsonObject obj, JsonObject? old, ResourceType type, List<FieldError> errors)
    {
        ArgumentNullException.ThrowIfNull(obj);
        ArgumentNullException.ThrowIfNull(errors);
        if (obj["spec"] is not JsonObject spec)
        {
            errors.Add(FieldError.Required("spec.containers"));
            return;
        }

        if (spec["containers"] is not JsonArray containers || containers.Count == 0)
        {
            errors.Add(FieldError.Required("spec.containers"));
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var list in ContainerLists)
        {
            if (spec[list] is not JsonArray items)
            {
                continue;
            }

            for (var i = 0; i < items.Count; i++)
            {
                var path = $"spec.{list}[{i}]";
                if (items[i] is not JsonObject container)
                {
                    continue;
                }

                var name = container.GetString("name");
                if (string.IsNullOrEmpty(name))
                {
                    errors.Add(FieldError.Required(path + ".name"));
                }
                else if (!NameValidation.IsLabel(name))
                {
                    NameValidation.Check(name, NameFormat.Label, path + ".name", errors);
                }
                else if (!names.Add(name))
                {
                    errors.Add(FieldError.Duplicate(path + ".name", "\"" + name + "\""));
                }

                if (list != "ephemeralContainers" && string.IsNullOrWhiteSpace(container.GetString("image")) && old is null)
                {
                    errors.Add(FieldError.Required(path + ".image"));
                }

                var policy = container.GetString("imagePullPolicy");
                if (policy is not (null or "Always" or "IfNotPresent" or "Never"))
                {
                    errors.Add(FieldError.Unsupported(path + ".imagePullPolicy", "\"" + policy + "\"", ["Always", "IfNotPresent", "Never"]));
                }
            }
        }

        if (old?["spec"] is JsonObject oldSpec && !OnlyMutableFieldsChanged(spec, oldSpec))
        {
            errors.Add(FieldError.Forbidden("spec", "pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)"));
        }
    }

    private static bool OnlyMutableFieldsChanged(JsonObject spec, JsonObject oldSpec)
    {
        var a = Immutable(spec);
        var b = Immutable(oldSpec);
        return JsonNode.DeepEquals(a, b);
    }

    private static JsonObject Immutable(JsonObject spec)
    {
        var copy = (JsonObject)spec.DeepClone();
        copy.Remove("activeDeadlineSeconds");
        copy.Remove("tolerations");
        copy.Remove("terminationGracePeriodSeconds");
        copy.Remove("ephemeralContainers");
        foreach (var list in new[] { "containers", "initContainers" })
        {
            if (copy[list] is JsonArray items)
            {
                foreach (var c in items.OfType<JsonObject>())
                {
                    c.Remove("image");
                }
            }
        }

        return copy;
    }

    /// <summary>Always for <c>:latest</c> or no tag (and no digest), else IfNotPresent, as the defaulter does.</summary>
    public static string DefaultPullPolicy(string image)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (image.Contains('@', StringComparison.Ordinal))
        {
            return "IfNotPresent";
        }

        var lastSlash = image.LastIndexOf('/');
        var colon = image.IndexOf(':', lastSlash + 1);
        var tag = colon >= 0 ? image[(colon + 1)..] : string.Empty;
        return tag.Length == 0 || tag == "latest" ? "Always" : "IfNotPresent";
    }

    private static string QosClass(JsonObject spec)
    {
        var any = false;
        var guaranteed = true;
        foreach (var list in new[] { "initContainers", "containers" })
        {
            if (spec[list] is not JsonArray containers)
            {
                continue;
            }

            foreach (var c in containers.OfType<JsonObject>())
            {
                var requests = c["resources"]?["requests"] as JsonObject;
                var limits = c["resources"]?["limits"] as JsonObject;
                any |= requests?.Count > 0 || limits?.Count > 0;
                foreach (var resource in new[] { "cpu", "memory" })
                {
                    var limit = limits?[resource]?.ToString();
                    var request = requests?[resource]?.ToString() ?? limit;
                    if (limit is null || request != limit)
                    {
                        guaranteed = false;
                    }
                }
            }
        }

        return !any ? "BestEffort" : guaranteed ? "Guaranteed" : "Burstable";
    }

    private static void SetDefault(JsonObject obj, string name, JsonNode value)
    {
        if (obj[name] is null)
        {
            obj[name] = value;
        }
    }
}
