using System.Text;
using PullDoctor.Registry.Http;

namespace PullDoctor.Registry.Probe;

/// <summary>Writes a registry's answer as an evidence line: status, error code and message, challenge, content.</summary>
internal static class Answer
{
    public static string Describe(RegistryResponse response, string? note = null)
    {
        var text = new StringBuilder(response.StatusText);
        if (response.Error is { } error)
        {
            text.Append(": ").Append(Shorten(error.ToString(), 300));
        }

        if (response.Status == 401)
        {
            var challenges = response.Headers.All("WWW-Authenticate");
            if (challenges.Count > 0)
            {
                text.Append("; WWW-Authenticate: ").Append(Shorten(string.Join(", ", challenges), 400));
            }
        }

        if (response.Status == 429 && RateHeaders(response.Headers) is { Length: > 0 } rate)
        {
            text.Append("; ").Append(rate);
        }

        if (note is not null)
        {
            text.Append(" (").Append(note).Append(')');
        }

        return text.ToString();
    }

    public static string Shorten(string text, int max) => text.Length <= max ? text : text[..max] + "…";

    private static string RateHeaders(ResponseHeaders headers)
    {
        var parts = new List<string>();
        foreach (var name in (string[])["Retry-After", "RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset", "Docker-RateLimit-Source"])
        {
            if (headers[name] is { } value)
            {
                parts.Add($"{name}: {value}");
            }
        }

        return string.Join("; ", parts);
    }
}
