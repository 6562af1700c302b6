using System.Text.Json;
using System.Text.Json.Serialization;

namespace PullDoctor.Core.Tests.Classification;

/// <summary>One real message of Corpus/messages*.jsonl with the cause it must get.</summary>
public sealed record CorpusRow(
    [property: JsonPropertyName("cause")] string Cause,
    [property: JsonPropertyName("reason")] string? Reason,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("origin")] string Origin,
    [property: JsonPropertyName("facts")] Dictionary<string, JsonElement>? Facts,
    [property: JsonPropertyName("runtime")] string? Runtime = null,
    [property: JsonPropertyName("note")] string? Note = null)
{
    /// <summary>The corpus files: <c>messages.jsonl</c> and one <c>messages.FAMILY.jsonl</c> per family of sources.</summary>
    public static IEnumerable<string> Files() =>
        Directory.EnumerateFiles(Path.Combine(TestContext.CurrentContext.TestDirectory, "Corpus"), "messages*.jsonl").Order(StringComparer.Ordinal);

    public static IReadOnlyList<CorpusRow> Load()
    {
        return Files().SelectMany(File.ReadLines)
            .Where(line => line.Trim().Length > 0)
            .Select(line => JsonSerializer.Deserialize<CorpusRow>(line) ?? throw new InvalidDataException(line))
            .ToList();
    }

    public override string ToString() => $"{Cause}: {Message}";
}
