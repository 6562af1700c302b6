using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using PullDoctor.Cli.Input;

namespace PullDoctor.Cli.Explain;

/// <summary>
/// Recognizes explain's four input forms: <c>kubectl get events -o json</c>, a pod (or pod list) as
/// JSON, <c>kubectl describe pod</c> output, and plain lines (one message each).
/// </summary>
internal static partial class ExplainInputReader
{
    /// <summary>The most explain reads: kubectl's events of a busy namespace fit many times over.</summary>
    public const long MaxInputBytes = 16 * 1024 * 1024;

    /// <summary>The longest line of line or describe input; a kubelet message is at most a few KiB.</summary>
    public const int MaxLineLength = 64 * 1024;

    private const string What = "explain: input";

    /// <summary>Reads FILE, or stdin for <c>-</c>, as text: at most <see cref="MaxInputBytes"/>, UTF-8.</summary>
    public static async Task<string> ReadTextAsync(string path, Stream stdin, CancellationToken cancellationToken)
    {
        var bytes = await BoundedInput.ReadAsync(path, stdin, MaxInputBytes, path, What, cancellationToken);
        return StrictUtf8.Decode(bytes, What);
    }

    public static IReadOnlyList<ExplainItem> Read(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new InputException("no input: give a file, or pipe messages, events JSON, pod JSON or 'kubectl describe pod' output on stdin");
        }

        var trimmed = text.TrimStart();
        if (trimmed.StartsWith('{') || trimmed.StartsWith('['))
        {
            return ReadJson(text);
        }

        CheckLineLengths(text);
        if (LooksLikeYaml(text))
        {
            return ReadYaml(text);
        }

        if (DescribePodReader.LooksLikeDescribe(text))
        {
            return DescribePodReader.Read(text);
        }

        return SplitLines(text).Select(ExplainItem.ForLine).ToList();
    }

    private static IReadOnlyList<ExplainItem> ReadJson(string text)
    {
        NestingLimit.Check(text, What);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip, MaxDepth = NestingLimit.MaxDepth });
        }
        catch (JsonException ex)
        {
            throw new InputException($"input looks like JSON but does not parse (line {ex.LineNumber + 1}): {FirstSentence(ex.Message)}");
        }

        using (document)
        {
            return KubectlJsonReader.Read(document.RootElement);
        }
    }

    // `kubectl get pod -o yaml` and `kubectl get events -o yaml` begin with a top-level key of an object or list; a
    // kubelet message never begins with "apiVersion:" or "kind:".
    private static bool LooksLikeYaml(string text) => YamlStart().IsMatch(text);

    /// <summary>YAML is read as the JSON it stands for: one object per pod (or Event list), never one per line.</summary>
    private static IReadOnlyList<ExplainItem> ReadYaml(string text)
    {
        NestingLimit.Check(text, What);
        var documents = YamlToJson.ConvertAll(text, What).OfType<JsonNode>().ToList();
        var root = documents.Count == 1 ? documents[0] : new JsonArray([.. documents.Select(d => d.DeepClone())]);
        using var document = JsonDocument.Parse(root.ToJsonString());
        return KubectlJsonReader.Read(document.RootElement);
    }

    private static void CheckLineLengths(string text)
    {
        var line = 1;
        for (var start = 0; start < text.Length; line++)
        {
            var end = text.IndexOf('\n', start);
            var length = (end < 0 ? text.Length : end) - start;
            if (length > MaxLineLength)
            {
                throw new InputException($"explain: line {line} is longer than {ByteSize.Format(MaxLineLength)}; a kubelet message is at most a few KiB");
            }

            start = end < 0 ? text.Length : end + 1;
        }
    }

    private static IEnumerable<string> SplitLines(string text)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        // A final newline ends the last line; it does not start another.
        return text.EndsWith('\n') ? lines[..^1] : lines;
    }

    [GeneratedRegex(@"\A(\s*#[^\n]*\n)*\s*(---[ \t]*\n\s*)?(apiVersion|kind|items|metadata):", RegexOptions.CultureInvariant)]
    private static partial Regex YamlStart();

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? message : message[..end];
    }
}
