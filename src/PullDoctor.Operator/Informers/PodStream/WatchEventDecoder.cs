using System.Text;
using System.Text.Json;
using k8s;
using k8s.Models;

namespace PullDoctor.Operator.Informers.PodStream;

/// <summary>
/// One line of a pod watch (<c>{"type":…,"object":…}</c>) decoded the way KubernetesClient's watcher does: an object of
/// kind Status becomes a <see cref="KubernetesException"/> (410 Expired arrives so), an undecodable line a
/// <see cref="JsonException"/>; both are handed back rather than thrown, for the caller's onError.
/// </summary>
internal static class WatchEventDecoder
{
    public static Exception? Decode(ReadOnlySpan<byte> line, out WatchEventType type, out DecodedPod? pod)
    {
        pod = null;
        type = WatchEventType.Added;
        try
        {
            var reader = new Utf8JsonReader(line, new JsonReaderOptions { MaxDepth = PodJsonDecoder.MaxDepth });
            if (!JsonTokens.BeginObject(ref reader))
                return new JsonException("A watch event must be a JSON object.");
            var objectStart = -1;
            var objectEnd = -1;
            while (JsonTokens.NextProperty(ref reader))
            {
                if (reader.ValueTextEquals("type"u8))
                {
                    // A missing type reads as the enum's default (ADDED), as the client's WatchEvent has it.
                    type = ParseType(ref reader);
                }
                else if (reader.ValueTextEquals("object"u8))
                {
                    if (JsonTokens.BeginObject(ref reader))
                    {
                        objectStart = (int)reader.TokenStartIndex;
                        reader.Skip();
                        objectEnd = (int)reader.BytesConsumed;
                    }
                    else
                    {
                        objectStart = objectEnd = -1;
                    }
                }
                else
                {
                    JsonTokens.SkipValue(ref reader);
                }
            }

            PodHeaderScan.EnsureEnd(ref reader);
            if (objectStart < 0)
                return new JsonException("A watch event without an object.");

            var json = line[objectStart..objectEnd];
            var project = type is WatchEventType.Added or WatchEventType.Modified;
            DecodedPod decoded;
            string? kind;
            try
            {
                decoded = PodJsonDecoder.Decode(json, project, out kind);
            }
            catch (JsonException) when (KindOf(json) == "Status")
            {
                // A Status is no pod ("status" is a string there): only on this rare path is the kind read first.
                kind = "Status";
                decoded = null!;
            }

            if (kind == "Status")
                return new KubernetesException(KubernetesJson.Deserialize<V1Status>(Encoding.UTF8.GetString(json)));
            pod = decoded;
            return null;
        }
        catch (JsonException ex)
        {
            return ex;
        }
    }

    /// <summary>The object's top-level kind, or null.</summary>
    private static string? KindOf(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = PodJsonDecoder.MaxDepth });
        string? kind = null;
        reader.Read();
        while (JsonTokens.NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("kind"u8))
                kind = JsonTokens.String(ref reader);
            else
                JsonTokens.SkipValue(ref reader);
        }

        return kind;
    }

    private static WatchEventType ParseType(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.String)
            throw JsonTokens.Mismatch(ref reader, "a watch event type");
        if (reader.ValueTextEquals("ADDED"u8))
            return WatchEventType.Added;
        if (reader.ValueTextEquals("MODIFIED"u8))
            return WatchEventType.Modified;
        if (reader.ValueTextEquals("DELETED"u8))
            return WatchEventType.Deleted;
        if (reader.ValueTextEquals("BOOKMARK"u8))
            return WatchEventType.Bookmark;
        if (reader.ValueTextEquals("ERROR"u8))
            return WatchEventType.Error;
        throw new JsonException($"Unknown watch event type {reader.GetString()}.");
    }
}
