using System.Text.Encodings.Web;
using System.Text.Json;
using PullDoctor.Core.Causes;

namespace PullDoctor.Cli.Explain;

/// <summary>Writes explain's results: readable text for people, JSON Lines for machines.</summary>
internal static class ExplainWriter
{
    private static readonly JsonWriterOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static async Task WriteJsonLinesAsync(IEnumerable<ExplainResult> results, TextWriter output)
    {
        foreach (var result in results)
        {
            await output.WriteLineAsync(ToJson(result));
        }
    }

    public static async Task WriteTextAsync(IReadOnlyList<ExplainResult> results, TextWriter output)
    {
        for (var i = 0; i < results.Count; i++)
        {
            var (item, classification, verdict, advice) = results[i];
            if (i > 0)
            {
                await output.WriteLineAsync();
            }

            var where = item.Pod is null ? string.Empty
                : $" (pod {(item.Namespace is null ? string.Empty : item.Namespace + "/")}{item.Pod}{(item.Container is null ? string.Empty : ", container " + item.Container)})";
            if (item.Fine is { } fine)
            {
                await output.WriteLineAsync($"OK{where}{(item.Evidence.Image is { } image ? " " + image : string.Empty)}: {fine}");
                if (item.Message.Length > 0)
                {
                    await output.WriteLineAsync($"  Message: {item.Message}");
                }

                continue;
            }

            await output.WriteLineAsync($"{verdict.Cause}{where}");
            if (item.Message.Length > 0)
            {
                await output.WriteLineAsync($"  Message: {item.Message}");
            }

            await output.WriteLineAsync($"  {advice.Summary}");
            if (item.Owner?.GuessNote(item.Namespace) is { } guess)
            {
                await output.WriteLineAsync($"  Owner: {guess}");
            }

            if (verdict.Cause != CauseCode.Unknown || advice.Explanation != advice.Summary)
            {
                await output.WriteLineAsync($"  Why: {advice.Explanation}");
            }

            for (var step = 0; step < advice.Steps.Count; step++)
            {
                await output.WriteLineAsync($"  {step + 1}. {advice.Steps[step].Text}");
                if (advice.Steps[step].Command is { } command)
                {
                    await output.WriteLineAsync($"       {command}");
                }
            }
        }
    }

    private static string ToJson(ExplainResult result)
    {
        var (item, classification, verdict, advice) = result;
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, JsonOptions))
        {
            json.WriteStartObject();
            json.WriteString("message", item.Message);
            WriteOptional(json, "namespace", item.Namespace);
            WriteOptional(json, "pod", item.Pod);
            WriteOptional(json, "container", item.Container);
            WriteOptional(json, "image", item.Evidence.Image ?? verdict.Facts.Image);
            if (item.Fine is { } fine)
            {
                // Nothing failed, so there is no cause (SPEC §3 codes name failures).
                json.WriteNull("cause");
                json.WriteBoolean("recovered", item.Recovered);
                json.WriteString("summary", fine);
                json.WriteString("explanation", fine);
                json.WriteStartArray("remediation");
                json.WriteEndArray();
                json.WriteEndObject();
                json.Flush();
                return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
            }

            if (item.Owner is { } owner)
            {
                json.WriteString("owner", $"{owner.Workload.Kind}/{owner.Workload.Name}");
                json.WriteBoolean("ownerGuessed", owner.IsGuess);
            }

            json.WriteString("cause", verdict.Cause.ToString());
            json.WriteString("confidence", verdict.Confidence.ToString());
            json.WriteString("summary", advice.Summary);
            json.WriteString("explanation", advice.Explanation);
            json.WriteStartArray("remediation");
            foreach (var step in advice.Steps)
            {
                json.WriteStartObject();
                json.WriteString("text", step.Text);
                WriteOptional(json, "command", step.Command);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteString("rule", classification.RuleId);
            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteOptional(Utf8JsonWriter json, string name, string? value)
    {
        if (value is not null)
        {
            json.WriteString(name, value);
        }
    }
}
