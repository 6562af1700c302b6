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

    public static IReadOnlyList<ExplainItem> Read(string text)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var ns = Field(lines, "Namespace");
        var pod = Field(lines, "Name");
        var events = ReadEvents(lines);
        var stuck = ReadContainers(lines).Where(c => ImagePullWaitingReasons.IsImagePullFailure(c.Reason)).ToList();

        if (stuck.Count > 0)
        {
            return stuck.Select(c =>
            {
                var evidence = new PullEvidence { Image = c.Image, WaitingReason = c.Reason, Events = events };
                var message = EvidenceClassifier.Classify(evidence).Message ?? c.Reason!;
                return new ExplainItem(message, evidence, ns, pod, c.Name);
            }).ToList();
        }

        var images = events.Select(e => KubectlJsonReader.ImageInMessage().Match(e.Message))
            .Where(m => m.Success).Select(m => m.Groups["image"].Value).Distinct().ToList();
        if (images.Count == 0 && events.Count == 0)
        {
            throw new InputException("'kubectl describe pod' output shows no container waiting on an image and no Events");
        }

        return images.Count == 0
            ? [new ExplainItem(events[0].Message, new PullEvidence { Events = events }, ns, pod)]
            : images.Select(image =>
            {
                var evidence = new PullEvidence { Image = image, Events = events };
                return new ExplainItem(EvidenceClassifier.Classify(evidence).Message ?? image, evidence, ns, pod);
            }).ToList();
    }

    private static string? Field(string[] lines, string name)
    {
        var prefix = name + ":";
        var line = lines.FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal));
        return line?[prefix.Length..].Trim() is { Length: > 0 } value ? value : null;
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

            events.Add(new ObservedEvent(line[reasonAt..Math.Min(ageAt, line.Length)].Trim(), line[messageAt..].Trim()));
        }

        // describe sorts Events oldest first and prints no timestamps; newest first is what classification weighs.
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

    [GeneratedRegex(@"^Name:\s+\S", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex NameLine();

    [GeneratedRegex(@"^  (?<name>[a-z0-9]([-a-z0-9]*[a-z0-9])?):\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex ContainerHeader();

    [GeneratedRegex(@"^(?<indent> +)(?<key>[A-Za-z][A-Za-z ]*):(?<value>.*)$", RegexOptions.CultureInvariant)]
    private static partial Regex Property();
}
