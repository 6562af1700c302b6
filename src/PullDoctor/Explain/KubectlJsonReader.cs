using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using PullDoctor.Cli.Input;
using PullDoctor.Core.Classification;

namespace PullDoctor.Cli.Explain;

/// <summary>
/// Reads <c>kubectl get events -o json</c> (core/v1 and events.k8s.io/v1), a pod, or a pod list.
/// Events are grouped per pod and image, as the kubelet writes one <c>Failed</c> Event per pull.
/// </summary>
internal static partial class KubectlJsonReader
{
    private const string What = "explain";

    public static IReadOnlyList<ExplainItem> Read(JsonElement rootElement)
    {
        var root = UntrustedJson.Root(rootElement, What, ExplainInputReader.MaxLineLength);
        var objects = (root.Kind == JsonValueKind.Array ? root.Items() : root.Has("items") ? root.Array("items") : [root])
            .Select(o => o.RequireObject("an Event or Pod object"))
            .ToList();

        var events = objects.Where(IsEvent).ToList();
        var pods = objects.Where(o => o.String("kind") == "Pod").ToList();
        if (events.Count == 0 && pods.Count == 0)
        {
            throw new InputException($"JSON input has no Events and no Pods (kind {(root.IsObject ? root.String("kind") : null) ?? "missing"}): give 'kubectl get events -o json' or 'kubectl get pod NAME -o json'");
        }

        return [.. pods.SelectMany(FromPod), .. FromEvents(events)];
    }

    private static bool IsEvent(UntrustedJson o) =>
        o.String("kind") == "Event" || o.Has("involvedObject") || o.Has("regarding");

    private static IEnumerable<ExplainItem> FromPod(UntrustedJson pod)
    {
        var metadata = pod.Object("metadata");
        var ns = metadata?.String("namespace");
        var name = metadata?.String("name");
        var owner = Owner(metadata);
        var images = SpecImages(pod);
        var status = pod.Object("status");
        var stuck = 0;
        foreach (var list in new[] { "initContainerStatuses", "containerStatuses", "ephemeralContainerStatuses" })
        {
            foreach (var container in status?.Array(list) ?? [])
            {
                var waiting = container.RequireObject().Object("state")?.Object("waiting");
                var reason = waiting?.String("reason");
                if (!ImagePullWaitingReasons.IsImagePullFailure(reason))
                {
                    continue;
                }

                stuck++;
                var containerName = container.String("name");
                var image = containerName is not null && images.TryGetValue(containerName, out var specImage) ? specImage : container.String("image");
                var message = waiting?.String("message") ?? string.Empty;
                yield return new ExplainItem(
                    message.Length > 0 ? message : reason!,
                    new PullEvidence { Image = image, WaitingReason = reason, WaitingMessage = message },
                    ns, name, containerName) { Owner = owner };
            }
        }

        if (stuck == 0)
        {
            yield return ExplainItem.Healthy(string.Empty, "no container of the pod is waiting on an image pull", ns, name);
        }
    }

    // The controlling owner (the one that re-creates the pod), else the first one listed.
    private static PodOwner? Owner(UntrustedJson? metadata)
    {
        var references = metadata?.Array("ownerReferences") ?? [];
        var owner = references.Select(r => r.RequireObject()).FirstOrDefault(r => r.Element.TryGetProperty("controller", out var c) && c.ValueKind == JsonValueKind.True);
        if (owner.Element.ValueKind == JsonValueKind.Undefined)
        {
            owner = references.Count > 0 ? references[0] : default;
        }

        var hash = metadata?.Object("labels")?.String("pod-template-hash");
        return owner.Element.ValueKind == JsonValueKind.Object ? PodOwner.From(owner.String("kind"), owner.String("name"), owner.String("apiVersion"), hash) : null;
    }

    private static Dictionary<string, string> SpecImages(UntrustedJson pod)
    {
        var images = new Dictionary<string, string>(StringComparer.Ordinal);
        var spec = pod.Object("spec");
        foreach (var list in new[] { "initContainers", "containers", "ephemeralContainers" })
        {
            foreach (var container in spec?.Array(list) ?? [])
            {
                if (container.RequireObject().String("name") is { } n && container.String("image") is { } i)
                {
                    images[n] = i;
                }
            }
        }

        return images;
    }

    private static IEnumerable<ExplainItem> FromEvents(List<UntrustedJson> events)
    {
        var parsed = events.Select(ParseEvent).Where(e => e.Kind is null or "Pod").Where(e => !e.IsOwn).ToList();
        foreach (var pod in parsed.GroupBy(e => (e.Namespace, e.Name)))
        {
            var observed = pod.ToList();
            var byImage = observed.Where(e => e.Image is not null).GroupBy(e => e.Image!).ToList();
            var shared = observed.Where(e => e.Image is null).ToList();
            if (byImage.Count == 0)
            {
                if (shared.Count > 0)
                {
                    yield return Item(pod.Key, null, null, shared.Select(e => e.Observed));
                }

                continue;
            }

            foreach (var image in byImage)
            {
                var container = image.Select(e => e.Container).FirstOrDefault(c => c is not null);

                // "Created container web", "Error: ErrImagePull" name no image: they belong to the image's container
                // (by the Event's fieldPath), or to every image when the Event names no container.
                var sharedHere = shared.Where(e => e.Container is null || container is null || e.Container == container);
                yield return Item(pod.Key, image.Key, container, [.. image.Select(e => e.Observed), .. sharedHere.Select(e => e.Observed)]);
            }
        }
    }

    private static ExplainItem Item((string? Namespace, string? Name) pod, string? image, string? container, IEnumerable<ObservedEvent> events)
    {
        var observed = EventTimeline.NewestFirst(events);
        if (EventTimeline.Recovery(observed) is { } recovery)
        {
            return ExplainItem.Pulled(recovery, observed, pod.Namespace, pod.Name, container, image);
        }

        var evidence = new PullEvidence { Image = image, Events = observed };
        return ExplainItem.Read(evidence, observed[0].Message, pod.Namespace, pod.Name, container);
    }

    private static ParsedEvent ParseEvent(UntrustedJson e)
    {
        var involved = e.Object("involvedObject") ?? e.Object("regarding");
        var message = e.String("message") ?? e.String("note") ?? string.Empty;
        var reason = e.String("reason") ?? string.Empty;
        var fieldPath = involved?.String("fieldPath");
        var container = fieldPath is null ? null : ContainerInFieldPath().Match(fieldPath) is { Success: true } m ? m.Groups["name"].Value : null;
        var image = ImageInMessage().Match(message) is { Success: true } im ? im.Groups["image"].Value : null;
        var seen = Time(e, "lastTimestamp") ?? Time(e, "deprecatedLastTimestamp") ?? Time(e, "eventTime") ?? Time(e, "firstTimestamp");
        var isOwn = OwnEvents.IsPullDoctors(e.Object("source")?.String("component"))
            || OwnEvents.IsPullDoctors(e.String("reportingComponent"))
            || OwnEvents.IsPullDoctors(e.String("reportingController"));
        return new ParsedEvent(
            isOwn,
            involved?.String("kind"),
            involved is { } i ? i.String("namespace") : e.Object("metadata")?.String("namespace"),
            involved?.String("name"),
            container,
            image,
            new ObservedEvent(reason, message, seen));
    }

    private static DateTimeOffset? Time(UntrustedJson e, string property) =>
        e.String(property) is { } value && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) ? time : null;

    private sealed record ParsedEvent(bool IsOwn, string? Kind, string? Namespace, string? Name, string? Container, string? Image, ObservedEvent Observed);

    [GeneratedRegex("""\{(?<name>[^}]+)\}""", RegexOptions.CultureInvariant)]
    private static partial Regex ContainerInFieldPath();

    // The quote may come escaped (`image \"x\"`, once or more) when a message was copied out of a JSON log.
    [GeneratedRegex("""image (?:\\+)?"(?<image>[^"\\]+)""", RegexOptions.CultureInvariant)]
    internal static partial Regex ImageInMessage();
}
