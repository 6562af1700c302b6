using System.Text.Encodings.Web;
using System.Text.Json;
using PullDoctor.Core.Causes;

namespace PullDoctor.Cli.Commands.Diagnose;

/// <summary>
/// The report for machines: one JSON object with the cause code (SPEC §3 names), the advice, the pull secret's
/// state and the probe's evidence (outcome, HTTP status, registry host, checked-at time, each request and answer).
/// </summary>
internal static class DiagnoseJsonWriter
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static async Task WriteAsync(DiagnosisReport report, TextWriter output)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, Options))
        {
            Write(json, report);
        }

        await output.WriteLineAsync(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
    }

    private static void Write(Utf8JsonWriter json, DiagnosisReport report)
    {
        json.WriteStartObject();
        json.WriteString("image", report.Image);
        json.WriteString("reference", report.Reference);
        json.WriteBoolean("pullable", report.Verdict == Registry.Probe.ProbeVerdict.Pullable);
        json.WriteString("verdict", report.Verdict.ToString());
        json.WriteString("cause", report.Cause?.ToString());
        json.WriteString("confidence", report.Confidence?.ToString());
        json.WriteString("summary", report.Advice?.Summary);
        json.WriteString("explanation", report.Advice?.Explanation);
        json.WriteString("note", report.Note);
        json.WriteStartArray("remediation");
        foreach (var step in report.Advice?.Steps ?? [])
        {
            json.WriteStartObject();
            json.WriteString("text", step.Text);
            json.WriteString("command", step.Command);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        WriteStrings(json, "suggestions", report.Probe?.SuggestedTags ?? []);
        WriteStrings(json, "availablePlatforms", report.Probe?.AvailablePlatforms ?? []);
        json.WriteString("platform", report.Probe?.Platform);

        if (report.PullSecret is { } secret)
        {
            json.WriteStartObject("pullSecret");
            json.WriteString("file", report.PullSecretFile);
            json.WriteString("state", secret.State.ToString());
            json.WriteString("matchedKey", secret.MatchedKey);
            json.WriteString("detail", secret.Detail);
            json.WriteEndObject();
        }
        else
        {
            json.WriteNull("pullSecret");
        }

        json.WriteStartObject("evidence");
        if (report.Probe is { } probe)
        {
            json.WriteStartObject("probe");
            json.WriteString("outcome", probe.Cause?.ToString() ?? probe.Verdict.ToString());
            if (probe.HttpStatus is { } status)
            {
                json.WriteNumber("httpStatus", status);
            }
            else
            {
                json.WriteNull("httpStatus");
            }

            json.WriteString("registryHost", probe.RegistryHost);
            json.WriteString("checkedAt", probe.CheckedAt);
            json.WriteNumber("durationMs", Math.Round(probe.Duration.TotalMilliseconds, 1));
            json.WriteString("detail", probe.Detail);
            json.WriteString("registryErrorCode", probe.RegistryErrorCode);
            json.WriteString("registryMessage", probe.RegistryMessage);
            json.WriteString("tlsProblem", probe.TlsProblem?.ToString());
            json.WriteString("dnsName", probe.DnsName);
            json.WriteString("rateLimitReset", probe.RateLimitReset);
            json.WriteString("digest", probe.Digest);
            json.WriteString("mediaType", probe.MediaType);
            json.WriteBoolean("credentialsSent", probe.CredentialsSent);
            json.WriteStartArray("steps");
            foreach (var step in probe.Steps)
            {
                json.WriteStartObject();
                json.WriteString("request", step.Request);
                json.WriteString("answer", step.Answer);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }
        else
        {
            json.WriteNull("probe");
        }

        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteStrings(Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }
}
