using System.Text.RegularExpressions;

namespace PullDoctor.Packaging.Tests.Support;

/// <summary>The repository's Dockerfile, parsed into stages of (instruction, arguments), continuation lines joined.</summary>
internal sealed partial record Dockerfile(IReadOnlyList<DockerStage> Stages)
{
    public DockerStage FinalStage => Stages[^1];

    public DockerStage Stage(string name) => Stages.Single(s => s.Name == name);

    public static Dockerfile Load() => Parse(File.ReadAllText(RepositoryPaths.Of("Dockerfile")));

    public static Dockerfile Parse(string text)
    {
        var stages = new List<DockerStage>();
        foreach (var line in LogicalLines(text))
        {
            var match = InstructionPattern().Match(line);
            if (!match.Success)
            {
                throw new FormatException($"not a Dockerfile instruction: {line}");
            }

            var instruction = new DockerInstruction(match.Groups[1].Value.ToUpperInvariant(), match.Groups[2].Value.Trim());
            if (instruction.Keyword == "FROM")
            {
                var from = FromPattern().Match(instruction.Arguments);
                stages.Add(new DockerStage(from.Groups["image"].Value, from.Groups["name"].Success ? from.Groups["name"].Value : null, new List<DockerInstruction>()));
            }
            else if (stages.Count > 0)
            {
                ((List<DockerInstruction>)stages[^1].Instructions).Add(instruction);
            }
        }

        return new Dockerfile(stages);
    }

    private static IEnumerable<string> LogicalLines(string text)
    {
        var current = string.Empty;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.TrimStart().StartsWith('#'))
            {
                continue;
            }

            if (line.EndsWith('\\'))
            {
                current += line[..^1] + " ";
                continue;
            }

            current += line;
            if (current.Trim().Length > 0)
            {
                yield return current.Trim();
            }

            current = string.Empty;
        }
    }

    [GeneratedRegex(@"^([A-Za-z]+)\s+(.*)$")]
    private static partial Regex InstructionPattern();

    [GeneratedRegex(@"^(--platform=\S+\s+)?(?<image>\S+)(\s+AS\s+(?<name>\S+))?$", RegexOptions.IgnoreCase)]
    private static partial Regex FromPattern();
}

internal sealed record DockerInstruction(string Keyword, string Arguments);

internal sealed record DockerStage(string Image, string? Name, IReadOnlyList<DockerInstruction> Instructions)
{
    public IEnumerable<string> All(string keyword) => Instructions.Where(i => i.Keyword == keyword).Select(i => i.Arguments);

    public string? Last(string keyword) => All(keyword).LastOrDefault();

    public string? User => Last("USER");
}
