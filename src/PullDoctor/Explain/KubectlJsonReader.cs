using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using PullDoctor.Core.Classification;

namespace PullDoctor.Cli.Explain;

/// <summary>
/// Reads <c>kubectl get events -o json</c> (core/v1 and events.k8s.io/v1), a pod, or a pod list.
/// Events are grouped per pod and image, as the kubelet writes one <c>Failed</c> Event per pull.
/// </summary>
internal static partial class KubectlJsonReader
{
    public static IReadOnlyList<ExplainItem> Read(JsonElement root)
    {
        var objects = root.ValueKind == JsonValueKind.Array ? root.EnumerateArray().ToList()
            : root.TryGetProperty("items", out var items) && items.ValueKind == JsonValueKind.Array ? items.EnumerateArray().ToList()
            : [root];

        var events = objects.Where(IsEvent).ToList();
        var pods = objects.Where(o => Kind(o) == "Pod").ToList();
        if (events.Count == 0 && pods.Count == 0)
        {
            throw new InputFormatException($"JSON input has no Events and no Pods (kind {Kind(root) ?? "missing"}): give 'kubectl get events -o json' or 'kubectl get pod NAME -o json'");
        }

        return [.. pods.SelectMany(FromPod), .. FromEvents(events)];
    }

    private static bool IsEvent(JsonElement o) =>
        Kind(o) == "Event" || o.TryGetProperty("involvedObject", out _) || o.TryGetProperty("regarding", out _);

    private static IEnumerable<ExplainItem> FromPod(JsonElement pod)
    {
        var ns = Text(pod, "metadata", "namespace");
        var name = Text(pod, "metadata", "name");
        var images = SpecImages(pod);
        foreach (var list in new[] { "initContainerStatuses", "containerStatuses", "ephemeralContainerStatuses" })
        {
            if (!pod.TryGetProperty("status", out var status) || !status.TryGetProperty(list, out var statuses) || statuses.ValueKind != JsonValueKind.Array)
            {
                continue;
            }

            foreach (var container in statuses.EnumerateArray())
            {
                var reason = Text(container, "state", "waiting", "reason");
                if (!ImagePullWaitingReasons.IsImagePullFailure(reason))
                {
                    continue;
                }

                var containerName = Text(container, "name");
                var image = containerName is not null && images.TryGetValue(containerName, out var specImage) ? specImage : Text(container, "image");
                var message = Text(container, "state", "waiting", "message") ?? string.Empty;
                yield return new ExplainItem(
                    message.Length > 0 ? message : reason!,
                    new PullEvidence { Image = image, WaitingReason = reason, WaitingMessage = message },
                    ns, name, containerName);
            }
        }
    }

    private static Dictionary<string, string> SpecImages(JsonElement pod)
    {
        var images = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!pod.TryGetProperty("spec", out var spec))
        {
            return images;
        }

        foreach (var list in new[] { "initContainers", "containers", "ephemeralContainers" })
        {
            if (spec.TryGetProperty(list, out var containers) && containers.ValueKind == JsonValueKind.Array)
            {
                foreach (var container in containers.EnumerateArray())
                {
                    if (Text(container, "name") is { } n && Text(container, "image") is { } i)
                    {
                        images[n] = i;
                    }
                }
            }
        }

        return images;
    }

    private static IEnumerable<ExplainItem> FromEvents(List<JsonElement> events)
    {
        var parsed = events.Select(ParseEvent).Where(e => e.Kind is null or "Pod").ToList();
        foreach (var pod in parsed.GroupBy(e => (e.Namespace, e.Name)))
        {
            var observed = pod.ToList();
            var byImage = observed.Where(e => e.Image is not null).GroupBy(e => e.Image!).ToList();
            var shared = observed.Where(e => e.Image is null).Select(e => e.Observed).ToList();
            if (byImage.Count == 0)
            {
                if (shared.Count > 0)
                {
                    yield return Item(pod.Key, null, null, shared);
                }

                continue;
            }

            foreach (var image in byImage)
            {
                var container = image.Select(e => e.Container).FirstOrDefault(c => c is not null);
                yield return Item(pod.Key, image.Key, container, [.. image.Select(e => e.Observed), .. shared]);
            }
        }
    }

    private static ExplainItem Item((string? Namespace, string? Name) pod, string? image, string? container, List<ObservedEvent> observed)
    {
        var evidence = new PullEvidence { Image = image, Events = observed };
        var decisive = EvidenceClassifier.Classify(evidence).Message ?? observed[0].Message;
        return new ExplainItem(decisive, evidence, pod.Namespace, pod.Name, container);
    }

    private static ParsedEvent ParseEvent(JsonElement e)
    {
        var involved = e.TryGetProperty("involvedObject", out var io) ? io : e.TryGetProperty("regarding", out var r) ? r : default;
        var message = Text(e, "message") ?? Text(e, "note") ?? string.Empty;
        var reason = Text(e, "reason") ?? string.Empty;
        var fieldPath = involved.ValueKind == JsonValueKind.Object ? Text(involved, "fieldPath") : null;
        var container = fieldPath is null ? null : ContainerInFieldPath().Match(fieldPath) is { Success: true } m ? m.Groups["name"].Value : null;
        var image = ImageInMessage().Match(message) is { Success: true } im ? im.Groups["image"].Value : null;
        var seen = Time(e, "lastTimestamp") ?? Time(e, "deprecatedLastTimestamp") ?? Time(e, "eventTime") ?? Time(e, "firstTimestamp");
        return new ParsedEvent(
            involved.ValueKind == JsonValueKind.Object ? Text(involved, "kind") : null,
            involved.ValueKind == JsonValueKind.Object ? Text(involved, "namespace") : Text(e, "metadata", "namespace"),
            involved.ValueKind == JsonValueKind.Object ? Text(involved, "name") : null,
            container,
            image,
            new ObservedEvent(reason, message, seen));
    }

    private static DateTimeOffset? Time(JsonElement e, string property) =>
        Text(e, property) is { } value && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) ? time : null;

    private static string? Kind(JsonElement o) => o.ValueKind == JsonValueKind.Object ? Text(o, "kind") : null;

    private static string? Text(JsonElement element, params string[] path)
    {
        var current = element;
        foreach (var name in path)
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(name, out current))
            {
                return null;
            }
        }

        return current.ValueKind == JsonValueKind.String ? current.GetString() : null;
    }

    private sealed record ParsedEvent(string? Kind, string? Namespace, string? Name, string? Container, string? Image, ObservedEvent Observed);

    [GeneratedRegex("""\{(?<name>[^}]+)\}""", RegexOptions.CultureInvariant)]
    private static partial Regex ContainerInFieldPath();

    [GeneratedRegex("""image "(?<image>[^"]+)""", RegexOptions.CultureInvariant)]
    internal static partial Regex ImageInMessage();
}
