using System.Text.Json.Nodes;
using PullDoctor.Testing.Storage;

namespace PullDoctor.Testing.Standalone;

/// <summary>
/// The server gives every created object a new uid, so preloaded objects still name the uids their subjects had
/// where the files came from: an Event's pod (clients select a pod's Events by <c>involvedObject.uid</c>, as
/// kubectl describe and the operator do, and would find none) and an owner reference's owner (deleting a
/// Deployment would collect nothing). Each such reference is pointed, by namespace, kind and name, at the
/// object as stored.
/// </summary>
internal static class PreloadReferences
{
    public static int Relink(KubeApiServer server, IReadOnlyList<JsonObject> loaded)
    {
        // An object loaded twice keeps its first uid (a replace is an update), so the last copy names it as well as any.
        var uids = new Dictionary<(string ApiVersion, string Kind, string Namespace, string Name), string>();
        foreach (var obj in loaded)
        {
            if (obj.Metadata().GetString("uid") is { } uid)
            {
                uids[KeyOf(obj.GetString("apiVersion"), obj.GetString("kind"), obj.Metadata().GetString("namespace"), obj.Metadata().GetString("name"))] = uid;
            }
        }

        var relinked = 0;
        foreach (var obj in loaded)
        {
            var copy = (JsonObject)obj.DeepClone();
            var ns = copy.Metadata().GetString("namespace");
            var changed = false;
            foreach (var owner in (copy.Metadata()["ownerReferences"] as JsonArray ?? []).OfType<JsonObject>())
            {
                changed |= Point(owner, uids, ns);
            }

            // core/v1 names an Event's subject involvedObject, events.k8s.io/v1 regarding.
            if (copy.GetString("kind") == "Event" && (copy["involvedObject"] ?? copy["regarding"]) is JsonObject subject)
            {
                changed |= Point(subject, uids, subject.GetString("namespace") ?? ns);
            }

            if (changed)
            {
                copy.Metadata().Remove("resourceVersion");
                copy.Metadata().Remove("managedFields");
                server.CreateOrReplace(copy);
                relinked++;
            }
        }

        return relinked;
    }

    private static bool Point(JsonObject reference, Dictionary<(string, string, string, string), string> uids, string? ns)
    {
        if (!uids.TryGetValue(KeyOf(reference.GetString("apiVersion"), reference.GetString("kind"), ns, reference.GetString("name")), out var uid)
            || reference.GetString("uid") == uid)
        {
            return false;
        }

        reference["uid"] = uid;
        return true;
    }

    // Cluster-scoped objects are stored without a namespace; a reference to one (a Node) is looked up the same way.
    private static (string, string, string, string) KeyOf(string? apiVersion, string? kind, string? ns, string? name) =>
        (apiVersion ?? string.Empty, kind ?? string.Empty, ns ?? string.Empty, name ?? string.Empty);
}
