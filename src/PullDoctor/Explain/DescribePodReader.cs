using System.Text.RegularExpressions;
using PullDoctor.Cli.Input;
using PullDoctor.Core.Classification;

namespace PullDoctor.Cli.Explain;

/// <summary>
/// Reads <c>kubectl describe pod</c> output (pkg/describe/describe.go): the container sections for
/// their image and waiting reason, and the Events table, whose columns are aligned by tabwriter and
/// so are sliced at the header's offsets (the Age column itself contains spaces).
/// </summary>
internal static partial class DescribePodReader
{
    private static readonly string[] ContainerSections = ["Init Containers:", "Containers:", "Ephemeral Containers:"];

    public static bool LooksLikeDescribe(string text) =>
        NameLine().IsMatch(text) && (text.Contains("\nEvents:", StringComparison.Ordinal) || text.Contains("\nContainers:", StringComparison.Ordinal));

    /// <summary>Every pod of the output: <c>kubectl describe pods</c> prints one block per pod, each from a top-level <c>Name:</c>.</summary>
    public static IReadOnlyList<ExplainItem> Read(string text)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var starts = Enumerable.Range(0, lines.Length).Where(i => NameLine().IsMatch(lines[i])).ToList();
        if (starts.Count == 0)
        {
            starts.Add(0);
        }

        return starts.Select((from, n) => lines[from..(n + 1 < starts.Count ? starts[n + 1] : lines.Length)])
            .SelectMany(ReadPod)
            .ToList();
    }

    private static IReadOnlyList<ExplainItem> ReadPod(string[] lines)
    {
        var ns = Field(lines, "Namespace");
        var pod = Field(lines, "Name");
        var owner = PodOwner.FromControlledBy(Field(lines, "Controlled By"), Label(lines, "pod-template-hash"));
        var events = EventTimeline.NewestFirst(ReadEvents(lines));
        var containers = ReadContainers(lines);

        if (containers.Count > 0)
        {
            return containers.Select(c => ForContainer(c, EventsOf(c, events), ns, pod) with { Owner = owner }).ToList();
        }

        var images = events.Select(e => ImageOf(e)).OfType<string>().Distinct().ToList();
        if (images.Count == 0 && events.Count == 0)
        {
            throw new InputException($"'kubectl describe pod' output{(pod is null ? string.Empty : " of " + pod)} shows no container and no Events");
        }

        return images.Count == 0
            ? [ForEvents(events, null, ns, pod) with { Owner = owner }]
            : images.Select(image => ForEvents(events.Where(e => ImageOf(e) is null || ImageOf(e) == image).ToList(), image, ns, pod) with { Owner = owner }).ToList();
    }

    private static ExplainItem ForContainer(DescribedContainer c, List<ObservedEvent> events, string? ns, string? pod)
    {
        if (ImagePullWaitingReasons.IsImagePullFailure(c.Reason))
        {
            var evidence = new PullEvidence { Image = c.Image, WaitingReason = c.Reason, Events = events };
            return ExplainItem.Read(evidence, c.Reason!, ns, pod, c.Name);
        }

        if (EventTimeline.Recovery(events) is { } recovery)
        {
            return ExplainItem.Pulled(recovery, events, ns, pod, c.Name, c.Image);
        }

        return ExplainItem.Healthy(string.Empty, $"not waiting on an image pull{(c.Reason is null ? string.Empty : $" (waiting: {c.Reason})")}", ns, pod, c.Name, c.Image);
    }

    private static ExplainItem ForEvents(List<ObservedEvent> events, string? image, string? ns, string? pod)
    {
        if (EventTimeline.Recovery(events) is { } recovery)
        {
            return ExplainItem.Pulled(recovery, events, ns, pod, image: image);
        }

        var evidence = new PullEvidence { Image = image, Events = events };
        return ExplainItem.Read(evidence, image ?? events[0].Message, ns, pod);
    }

    // A container's Events: those naming its image, and those naming no image that name it or no container at all.
    private static List<ObservedEvent> EventsOf(DescribedContainer c, List<ObservedEvent> events) =>
        events.Where(e => ImageOf(e) is { } image ? image == c.Image : ContainerOf(e) is not { } name || name == c.Name).ToList();

    private static string? ImageOf(ObservedEvent e) =>
        KubectlJsonReader.ImageInMessage().Match(e.Message) is { Success: true } m ? m.Groups["image"].Value : null;

    private static string? ContainerOf(ObservedEvent e) =>
        ContainerInMessage().Match(e.Message) is { Success: true } m ? m.Groups["name"].Value : null;

    private static string? Field(string[] lines, string name)
    {
        var prefix = name + ":";
        var line = lines.FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal));
        return line?[prefix.Length..].Trim() is { Length: > 0 } value ? value : null;
    }

    // "Labels:  app=web" and its continuation lines, indented to the value column.
    private static string? Label(string[] lines, string key)
    {
        var at = Array.FindIndex(lines, l => l.StartsWith("Labels:", StringComparison.Ordinal));
        if (at < 0)
        {
            return null;
        }

        var values = new[] { lines[at]["Labels:".Length..] }.Concat(lines.Skip(at + 1).TakeWhile(l => l.StartsWith(' ')));
        return values.Select(v => v.Trim()).Where(v => v.StartsWith(key + "=", StringComparison.Ordinal)).Select(v => v[(key.Length + 1)..]).FirstOrDefault();
    }

    private static List<DescribedContainer> ReadContainers(string[] lines)
    {
        var containers = new List<DescribedContainer>();
        var inSection = false;
        DescribedContainer? current = null;
        foreach (var line in lines)
        {
            if (line.Length > 0 && !char.IsWhiteSpace(line[0]))
            {
                inSection = ContainerSections.Contains(line.TrimEnd());
                current = null;
                continue;
            }

            if (!inSection)
            {
                continue;
            }

            if (ContainerHeader().Match(line) is { Success: true } header)
            {
                current = new DescribedContainer(header.Groups["name"].Value);
                containers.Add(current);
            }
            else if (current is not null && Property().Match(line) is { Success: true } property)
            {
                var (indent, key, value) = (property.Groups["indent"].Length, property.Groups["key"].Value, property.Groups["value"].Value.Trim());
                if (indent == 4 && key == "Image")
                {
                    current.Image = value;
                }
                else if (indent == 4 && key == "State")
                {
                    current.InState = value == "Waiting";
                }
                else if (indent == 4)
                {
                    current.InState = false;
                }
                else if (indent == 6 && key == "Reason" && current.InState)
                {
                    current.Reason = value;
                }
            }
        }

        return containers;
    }

    private static List<ObservedEvent> ReadEvents(string[] lines)
    {
        var start = Array.FindIndex(lines, l => l.StartsWith("Events:", StringComparison.Ordinal));
        if (start < 0 || start + 1 >= lines.Length)
        {
            return [];
        }

        var header = lines[start + 1];
        var reasonAt = header.IndexOf("Reason", StringComparison.Ordinal);
        var ageAt = header.IndexOf("Age", StringComparison.Ordinal);
        var fromAt = header.IndexOf("From", StringComparison.Ordinal);
        var messageAt = header.IndexOf("Message", StringComparison.Ordinal);
        if (reasonAt < 0 || ageAt < 0 || messageAt < 0)
        {
            return [];
        }

        var events = new List<ObservedEvent>();
        foreach (var line in lines.Skip(start + 2))
        {
            if (line.Trim().Length == 0 || (line.Length > 0 && !char.IsWhiteSpace(line[0])))
            {
                break;
            }

            if (line.TrimStart().StartsWith("----", StringComparison.Ordinal) || line.Length <= messageAt)
            {
                continue;
            }

            // PullDoctor's own Events (From: pulldoctor.dev/operator) repeat a diagnosis; they are not evidence.
            if (fromAt > 0 && fromAt < messageAt && OwnEvents.IsPullDoctors(line[fromAt..messageAt]))
            {
                continue;
            }

            var age = EventAge.Parse(line[ageAt..(fromAt > ageAt ? fromAt : messageAt)]);
            events.Add(new ObservedEvent(line[reasonAt..Math.Min(ageAt, line.Length)].Trim(), line[messageAt..].Trim(), age is { } a ? EventAge.Anchor - a : null));
        }

        // describe sorts Events oldest first and prints ages, not timestamps; newest first is what classification
        // weighs, and equal ages are ties (EventTimeline breaks them).
        events.Reverse();
        return events;
    }

    private sealed class DescribedContainer(string name)
    {
        public string Name { get; } = name;

        public string? Image { get; set; }

        public string? Reason { get; set; }

        public bool InState { get; set; }
    }

    [GeneratedRegex(@"^(?:Created|Started) container:? (?<name>[a-z0-9]([-a-z0-9]*[a-z0-9])?)\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex ContainerInMessage();

    [GeneratedRegex(@"^Name:\s+\S", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex NameLine();

    [GeneratedRegex(@"^  (?<name>[a-z0-9]([-a-z0-9]*[a-z0-9])?):\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex ContainerHeader();

    [GeneratedRegex(@"^(?<indent> +)(?<key>[A-Za-z][A-Za-z ]*):(?<value>.*)$", RegexOptions.CultureInvariant)]
    private static partial Regex Property();
}
