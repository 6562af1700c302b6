using System.Text.Json;
using PullDoctor.Diagnosis;
using PullDoctor.Operator.Diagnosis;

namespace PullDoctor.Operator.Informers.PodStream;

/// <summary>
/// The first, allocation-light pass over one pod's JSON: its kind, key and resourceVersion, and whether any container
/// status waits on a failed pull (<see cref="PodProjection.IsStuck"/>). Everything else is skipped unread, so a healthy
/// pod costs one reader pass and three strings. Where a property repeats, the last occurrence counts, as in the
/// serializer.
/// </summary>
internal ref struct PodHeaderScan
{
    public string? Kind;
    public string? Namespace;
    public string? Name;
    public string? ResourceVersion;

    /// <summary>Some container status waits with a pull-failure reason.</summary>
    public bool Stuck;

    /// <summary>A container status list held a null item: <see cref="PodProjection.IsStuck"/> throws on one.</summary>
    public bool NullStatus;

    private bool _initStuck;
    private bool _regularStuck;
    private bool _ephemeralStuck;
    private bool _initNull;
    private bool _regularNull;
    private bool _ephemeralNull;

    public static PodHeaderScan Read(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = PodJsonDecoder.MaxDepth });
        var scan = default(PodHeaderScan);
        if (!JsonTokens.BeginObject(ref reader))
            throw new JsonException("A pod must be a JSON object.");
        while (JsonTokens.NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("kind"u8))
                scan.Kind = JsonTokens.String(ref reader);
            else if (reader.ValueTextEquals("metadata"u8))
                scan.ReadMetadata(ref reader);
            else if (reader.ValueTextEquals("status"u8))
                scan.ReadStatus(ref reader);
            else
                JsonTokens.SkipValue(ref reader);
        }

        EnsureEnd(ref reader);
        scan.Stuck = scan._initStuck || scan._regularStuck || scan._ephemeralStuck;
        scan.NullStatus = scan._initNull || scan._regularNull || scan._ephemeralNull;
        return scan;
    }

    /// <summary>Nothing but whitespace may follow the object (the reader throws on anything else).</summary>
    internal static void EnsureEnd(ref Utf8JsonReader reader)
    {
        if (reader.Read())
            throw new JsonException($"Unexpected data after the object at byte {reader.TokenStartIndex}.");
    }

    private void ReadMetadata(ref Utf8JsonReader reader)
    {
        Namespace = Name = ResourceVersion = null;
        if (!JsonTokens.BeginObject(ref reader))
            return;
        while (JsonTokens.NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("name"u8))
                Name = JsonTokens.String(ref reader);
            else if (reader.ValueTextEquals("namespace"u8))
                Namespace = JsonTokens.String(ref reader);
            else if (reader.ValueTextEquals("resourceVersion"u8))
                ResourceVersion = JsonTokens.String(ref reader);
            else
                JsonTokens.SkipValue(ref reader);
        }
    }

    private void ReadStatus(ref Utf8JsonReader reader)
    {
        _initStuck = _regularStuck = _ephemeralStuck = false;
        _initNull = _regularNull = _ephemeralNull = false;
        if (!JsonTokens.BeginObject(ref reader))
            return;
        while (JsonTokens.NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("initContainerStatuses"u8))
                _initStuck = AnyStuck(ref reader, out _initNull);
            else if (reader.ValueTextEquals("containerStatuses"u8))
                _regularStuck = AnyStuck(ref reader, out _regularNull);
            else if (reader.ValueTextEquals("ephemeralContainerStatuses"u8))
                _ephemeralStuck = AnyStuck(ref reader, out _ephemeralNull);
            else
                JsonTokens.SkipValue(ref reader);
        }
    }

    private static bool AnyStuck(ref Utf8JsonReader reader, out bool nullItem)
    {
        nullItem = false;
        var stuck = false;
        if (!JsonTokens.BeginArray(ref reader))
            return false;
        while (JsonTokens.NextObjectElement(ref reader) is var element && element != JsonTokens.Element.End)
        {
            if (element == JsonTokens.Element.Null)
            {
                nullItem = true;
                continue;
            }

            // Every item is read to its end; the serializer would fail on a mistyped field of a later one too.
            stuck |= StatusWaitsOnPull(ref reader);
        }

        return stuck;
    }

    private static bool StatusWaitsOnPull(ref Utf8JsonReader reader)
    {
        var stuck = false;
        while (JsonTokens.NextProperty(ref reader))
        {
            if (!reader.ValueTextEquals("state"u8))
            {
                JsonTokens.SkipValue(ref reader);
                continue;
            }

            stuck = false;
            if (!JsonTokens.BeginObject(ref reader))
                continue;
            while (JsonTokens.NextProperty(ref reader))
            {
                if (!reader.ValueTextEquals("waiting"u8))
                {
                    JsonTokens.SkipValue(ref reader);
                    continue;
                }

                stuck = WaitingOnPull(ref reader);
            }
        }

        return stuck;
    }

    private static bool WaitingOnPull(ref Utf8JsonReader reader)
    {
        var stuck = false;
        if (!JsonTokens.BeginObject(ref reader))
            return false;
        while (JsonTokens.NextProperty(ref reader))
        {
            if (!reader.ValueTextEquals("reason"u8))
            {
                JsonTokens.SkipValue(ref reader);
                continue;
            }

            reader.Read();
            stuck = reader.TokenType switch
            {
                JsonTokenType.String => PullReason(ref reader),
                JsonTokenType.Null => false,
                _ => throw JsonTokens.Mismatch(ref reader, "a string"),
            };
        }

        return stuck;
    }

    private static bool PullReason(ref Utf8JsonReader reader)
    {
        foreach (var reason in PullWaitingReasonsUtf8.All)
        {
            if (reader.ValueTextEquals(reason))
                return true;
        }

        return false;
    }
}
