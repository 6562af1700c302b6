using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PullDoctor.Testing.Storage;

/// <summary>Small helpers over System.Text.Json nodes shared by the store and the handlers.</summary>
public static class JsonUtil
{
    // Go's encoding/json escapes only what JSON requires (and <, >, & as \u003c...); quotes stay \".
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Indented = false,
        SkipValidation = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static byte[] ToUtf8(JsonNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            node.WriteTo(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static JsonObject ParseObject(ReadOnlySpan<byte> utf8) =>
        JsonNode.Parse(utf8) as JsonObject ?? throw new JsonException("expected a JSON object");

    /// <summary>Reads a dotted path (<c>spec.nodeName</c>) and renders it the way field selectors compare it.</summary>
    public static string? ReadPath(JsonObject root, string dottedPath)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(dottedPath);
        JsonNode? current = root;
        foreach (var part in dottedPath.TrimStart('.').Split('.'))
        {
            if (current is not JsonObject obj || !obj.TryGetPropertyValue(part, out current))
            {
                return null;
            }
        }

        return Render(current);
    }

    public static string? Render(JsonNode? node) => node switch
    {
        null => null,
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => v.GetValue<string>(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            JsonValueKind.Number => v.ToJsonString(),
            _ => null,
        },
        _ => node.ToJsonString(),
    };

    public static string? GetString(this JsonObject obj, string name) =>
        obj[name] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    public static JsonObject GetOrAddObject(this JsonObject obj, string name)
    {
        ArgumentNullException.ThrowIfNull(obj);
        if (obj[name] is JsonObject existing)
        {
            return existing;
        }

        var created = new JsonObject();
        obj[name] = created;
        return created;
    }

    public static JsonObject Metadata(this JsonObject obj) => obj.GetOrAddObject("metadata");

    public static string FormatTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string FormatMicroTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    /// <summary>Deep equality ignoring the named top-level and metadata members, without copying either object.</summary>
    public static bool EqualsIgnoring(JsonObject a, JsonObject b, IReadOnlyCollection<string> topLevel, IReadOnlyCollection<string> metadata)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        ArgumentNullException.ThrowIfNull(topLevel);
        ArgumentNullException.ThrowIfNull(metadata);
        return SameMembers(a, b, topLevel, (name, x, y) =>
            name == "metadata" && metadata.Count > 0 && x is JsonObject mx && y is JsonObject my
                ? SameMembers(mx, my, metadata, (_, p, q) => JsonNode.DeepEquals(p, q))
                : JsonNode.DeepEquals(x, y));
    }

    private static bool SameMembers(JsonObject a, JsonObject b, IReadOnlyCollection<string> ignored, Func<string, JsonNode?, JsonNode?, bool> equal)
    {
        var count = 0;
        foreach (var (name, value) in a)
        {
            if (ignored.Contains(name))
            {
                continue;
            }

            count++;
            if (!b.TryGetPropertyValue(name, out var other) || !equal(name, value, other))
            {
                return false;
            }
        }

        return count == b.Count(p => !ignored.Contains(p.Key));
    }
}
