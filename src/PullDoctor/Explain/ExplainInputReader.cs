using System.Text.Json;

namespace PullDoctor.Cli.Explain;

/// <summary>
/// Recognizes explain's four input forms: <c>kubectl get events -o json</c>, a pod (or pod list) as
/// JSON, <c>kubectl describe pod</c> output, and plain lines (one message each).
/// </summary>
internal static class ExplainInputReader
{
    public static IReadOnlyList<ExplainItem> Read(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new InputFormatException("no input: give a file, or pipe messages, events JSON, pod JSON or 'kubectl describe pod' output on stdin");
        }

        var trimmed = text.TrimStart();
        if (trimmed.StartsWith('{') || trimmed.StartsWith('['))
        {
            return ReadJson(text);
        }

        if (DescribePodReader.LooksLikeDescribe(text))
        {
            return DescribePodReader.Read(text);
        }

        return SplitLines(text).Select(ExplainItem.ForLine).ToList();
    }

    private static IReadOnlyList<ExplainItem> ReadJson(string text)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException ex)
        {
            throw new InputFormatException($"input looks like JSON but does not parse (line {ex.LineNumber + 1}): {FirstSentence(ex.Message)}");
        }

        using (document)
        {
            return KubectlJsonReader.Read(document.RootElement);
        }
    }

    private static IEnumerable<string> SplitLines(string text)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        // A final newline ends the last line; it does not start another.
        return text.EndsWith('\n') ? lines[..^1] : lines;
    }

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? message : message[..end];
    }
}
