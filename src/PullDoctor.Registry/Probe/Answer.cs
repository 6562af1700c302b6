using System.Text;
using PullDoctor.Registry.Http;

namespace PullDoctor.Registry.Probe;

/// <summary>Writes a registry's answer as an evidence line: status, error code and message, challenge, content.</summary>
internal static class Answer
{
    public static string Describe(RegistryResponse response, RegistryTransport transport, string? note = null)
    {
        var text = new StringBuilder(response.StatusText);
        if (response.Error is { } error)
        {
            text.Append(": ").Append(error);
        }
        else if (response.Body.Length > 0 && !response.IsSuccess)
        {
            // Not a registry's answer (an HTML page, another service's JSON): summarised, never quoted.
            text.Append(": ").Append(response.Summary).Append(", not a registry error (not quoted)");
        }

        if (response.Status == 401)
        {
            var challenges = response.Headers.All("WWW-Authenticate");
            if (challenges.Count > 0)
            {
                text.Append("; WWW-Authenticate: ").Append(transport.Quote(string.Join(", ", challenges), 400));
            }
        }

        if (response.Status == 429 && RateHeaders(response.Headers, transport.Quote) is { Length: > 0 } rate)
        {
            text.Append("; ").Append(rate);
        }

        if (note is not null)
        {
            text.Append(" (").Append(note).Append(')');
        }

        return text.ToString();
    }

    private static string RateHeaders(ResponseHeaders headers, Func<string, int, string> quote)
    {
        var parts = new List<string>();
        foreach (var name in (string[])["Retry-After", "RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset", "Docker-RateLimit-Source"])
        {
            if (headers[name] is { } value)
            {
                parts.Add($"{name}: {quote(value, 100)}");
            }
        }

        return string.Join("; ", parts);
    }
}
