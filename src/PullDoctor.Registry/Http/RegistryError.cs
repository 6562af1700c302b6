using System.Text.Json;
using System.Text.RegularExpressions;
using PullDoctor.Registry.Probe;

namespace PullDoctor.Registry.Http;

/// <summary>
/// The first entry of a distribution API error body: <c>{"errors":[{"code":"MANIFEST_UNKNOWN","message":"…"}]}</c>.
/// The only way a registry's words reach a result: the code must match its grammar, the message is cleaned and at
/// most <see cref="MaxMessageLength"/> characters. Anything else an HTTP server answers is never quoted.
/// </summary>
public sealed partial record RegistryError(string Code, string? Message)
{
    public const string ManifestUnknown = "MANIFEST_UNKNOWN";
    public const string NameUnknown = "NAME_UNKNOWN";
    public const string Unauthorized = "UNAUTHORIZED";
    public const string Denied = "DENIED";
    public const string TooManyRequests = "TOOMANYREQUESTS";
    public const string BlobUnknown = "BLOB_UNKNOWN";

    public const int MaxMessageLength = 200;

    /// <summary>Reads a distribution error body; null when it is not one (HTML pages, other JSON, empty bodies).</summary>
    public static RegistryError? TryParse(ReadOnlySpan<byte> body) => TryParse(body, tokenService: false, new SecretScrubber());

    /// <summary>
    /// As <see cref="TryParse(ReadOnlySpan{byte})"/>, scrubbing <paramref name="scrubber"/>'s secrets before the cut.
    /// A token service's answer may also be Docker's <c>{"details":"…"}</c> or OAuth2's
    /// <c>{"error":"invalid_grant","error_description":"…"}</c> (then <see cref="Code"/> is empty).
    /// </summary>
    internal static RegistryError? TryParse(ReadOnlySpan<byte> body, bool tokenService, SecretScrubber scrubber)
    {
        if (body.IsEmpty)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(body.ToArray());
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            if (root.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array)
            {
                foreach (var error in errors.EnumerateArray().Take(16))
                {
                    if (error.ValueKind == JsonValueKind.Object && String(error, "code") is { } code && CodeGrammar().IsMatch(code))
                    {
                        return new RegistryError(code, String(error, "message") is { } message ? Bound(message, scrubber) : null);
                    }
                }

                return null;
            }

            if (!tokenService)
            {
                return null;
            }

            if (String(root, "details") is { } details)
            {
                return new RegistryError(string.Empty, Bound(details, scrubber));
            }

            if (String(root, "error") is { } oauth && OAuthErrorGrammar().IsMatch(oauth))
            {
                return new RegistryError(string.Empty, Bound(String(root, "error_description") ?? oauth, scrubber));
            }
        }
        catch (JsonException)
        {
            return null;
        }

        return null;
    }

    public override string ToString() => Code.Length == 0 ? Message ?? string.Empty : Message is null ? Code : $"{Code}: {Message}";

    private static string? Bound(string message, SecretScrubber scrubber) =>
        QuotableText.Bound(message, MaxMessageLength, scrubber) is { Length: > 0 } text ? text : null;

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    // Distribution's codes are upper case words joined by underscores (MANIFEST_UNKNOWN, TOOMANYREQUESTS).
    [GeneratedRegex("^[A-Z][A-Z0-9_]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex CodeGrammar();

    // RFC 6749 §5.2: error codes are printable ASCII; in practice lower case words joined by underscores.
    [GeneratedRegex("^[a-z][a-z_]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex OAuthErrorGrammar();
}
