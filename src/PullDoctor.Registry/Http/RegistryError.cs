using System.Text.Json;

namespace PullDoctor.Registry.Http;

/// <summary>The first entry of a distribution API error body: <c>{"errors":[{"code":"MANIFEST_UNKNOWN","message":"…"}]}</c>.</summary>
public sealed record RegistryError(string Code, string? Message)
{
    public const string ManifestUnknown = "MANIFEST_UNKNOWN";
    public const string NameUnknown = "NAME_UNKNOWN";
    public const string Unauthorized = "UNAUTHORIZED";
    public const string Denied = "DENIED";
    public const string TooManyRequests = "TOOMANYREQUESTS";
    public const string BlobUnknown = "BLOB_UNKNOWN";

    /// <summary>Reads the error body; null when it is not one (HTML error pages, empty HEAD bodies).</summary>
    public static RegistryError? TryParse(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(body.ToArray());
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("errors", out var errors)
                && errors.ValueKind == JsonValueKind.Array)
            {
                foreach (var error in errors.EnumerateArray())
                {
                    if (error.ValueKind == JsonValueKind.Object && error.TryGetProperty("code", out var code) && code.ValueKind == JsonValueKind.String)
                    {
                        var message = error.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
                        return new RegistryError(code.GetString()!, message);
                    }
                }
            }

            // Token servers answer {"details": "..."} (Docker Hub) or {"error": "..."} (OAuth2).
            foreach (var name in (string[])["details", "detail", "error_description", "error", "message"])
            {
                if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty(name, out var text) && text.ValueKind == JsonValueKind.String)
                {
                    return new RegistryError(string.Empty, text.GetString());
                }
            }
        }
        catch (JsonException)
        {
            return null;
        }

        return null;
    }

    public override string ToString() => Code.Length == 0 ? Message ?? string.Empty : Message is null ? Code : $"{Code}: {Message}";
}
