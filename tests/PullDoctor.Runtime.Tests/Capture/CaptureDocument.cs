using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace PullDoctor.Runtime.Tests.Capture;

/// <summary>The runner's output and, normalized, the versioned file Captured/runtime-messages.json.</summary>
public sealed record CaptureDocument(
    IReadOnlyDictionary<string, string> Versions,
    IReadOnlyList<CapturedMessage> Messages)
{
    public static JsonSerializerOptions JsonOptions { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,

        // The file is for people reading diffs: keep quotes, < > and & as they are.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public CapturedMessage? Find(string scenario, string runtime) =>
        Messages.FirstOrDefault(m => m.Scenario == scenario && m.Runtime == runtime);

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions) + "\n";

    public static CaptureDocument FromJson(string json) =>
        JsonSerializer.Deserialize<CaptureDocument>(json, JsonOptions) ?? throw new InvalidDataException("empty capture document");
}
