using System.Text.Json;

namespace PullDoctor.Operator.Informers.PodStream;

/// <summary>
/// Reads one page of a pod list (<c>{"metadata":{…},"items":[…]}</c>) from the response stream through a pooled
/// window: each item is decoded as soon as it is complete and its bytes are dropped, so a page of 500 pods never
/// exists as a string or as 500 <c>V1Pod</c>s, only as the projections of the stuck ones. The reader's state is saved
/// after every complete unit; when a unit is cut by the window's end, reading resumes from there with more bytes.
/// </summary>
internal sealed class PodListStream
{
    private readonly List<DecodedPod> _items = [];
    private Phase _phase = Phase.Start;
    private string? _continue;
    private string? _resourceVersion;

    private enum Phase
    {
        Start,
        Properties,
        Items,
        Done,
    }

    public static async Task<ListPage<DecodedPod>> ReadAsync(Stream stream, int maxItemBytes, CancellationToken cancellationToken)
    {
        using var buffer = new PooledReadBuffer(maxItemBytes);
        var list = new PodListStream();
        var state = new JsonReaderState(new JsonReaderOptions { MaxDepth = PodJsonDecoder.MaxDepth });
        while (true)
        {
            var more = await buffer.FillAsync(stream, cancellationToken);
            state = list.Consume(buffer, state, isFinalBlock: !more);
            if (list._phase == Phase.Done)
                return new ListPage<DecodedPod>(list._items, list._continue, list._resourceVersion);
            if (!more)
                throw new JsonException("The pod list ended before its closing brace.");
        }
    }

    /// <summary>Decodes every complete unit in the window; returns the reader state at the last one.</summary>
    private JsonReaderState Consume(PooledReadBuffer buffer, JsonReaderState state, bool isFinalBlock)
    {
        var window = buffer.Unread;
        var reader = new Utf8JsonReader(window, isFinalBlock, state);
        long safe = 0;
        var safeState = state;
        while (_phase != Phase.Done && Step(ref reader, window))
        {
            safe = reader.BytesConsumed;
            safeState = reader.CurrentState;
        }

        buffer.Start += (int)safe;
        return safeState;
    }

    /// <summary>Reads one unit (the opening brace, a top-level property with its value, one item); false when cut short.</summary>
    private bool Step(ref Utf8JsonReader reader, ReadOnlySpan<byte> window)
    {
        if (!reader.Read())
            return false;
        switch (_phase)
        {
            case Phase.Start:
                if (reader.TokenType != JsonTokenType.StartObject)
                    throw new JsonException("A pod list must be a JSON object.");
                _phase = Phase.Properties;
                return true;
            case Phase.Properties:
                return Property(ref reader, window);
            default:
                return Item(ref reader, window);
        }
    }

    private bool Property(ref Utf8JsonReader reader, ReadOnlySpan<byte> window)
    {
        if (reader.TokenType == JsonTokenType.EndObject)
        {
            _phase = Phase.Done;
            return true;
        }

        var isItems = reader.ValueTextEquals("items"u8);
        var isMetadata = !isItems && reader.ValueTextEquals("metadata"u8);
        if (!reader.Read())
            return false;
        if (isItems)
        {
            if (reader.TokenType == JsonTokenType.StartArray)
                _phase = Phase.Items;
            else if (reader.TokenType != JsonTokenType.Null)
                throw JsonTokens.Mismatch(ref reader, "an array");
            return true;
        }

        var start = reader.TokenStartIndex;
        if (!reader.TrySkip())
            return false;
        if (isMetadata)
            ReadMetadata(Slice(ref reader, window, start));
        return true;
    }

    private bool Item(ref Utf8JsonReader reader, ReadOnlySpan<byte> window)
    {
        if (reader.TokenType == JsonTokenType.EndArray)
        {
            _phase = Phase.Properties;
            return true;
        }

        if (reader.TokenType != JsonTokenType.StartObject)
            throw JsonTokens.Mismatch(ref reader, "a pod object");
        var start = reader.TokenStartIndex;
        if (!reader.TrySkip())
            return false;
        _items.Add(PodJsonDecoder.Decode(Slice(ref reader, window, start)));
        return true;
    }

    /// <summary>The bytes of the value that started at <paramref name="start"/> and that the reader has just passed.</summary>
    private static ReadOnlySpan<byte> Slice(ref Utf8JsonReader reader, ReadOnlySpan<byte> window, long start) =>
        window[(int)start..(int)reader.BytesConsumed];

    private void ReadMetadata(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = PodJsonDecoder.MaxDepth });
        _continue = _resourceVersion = null;
        if (!JsonTokens.BeginObject(ref reader))
            return;
        while (JsonTokens.NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("continue"u8))
                _continue = JsonTokens.String(ref reader);
            else if (reader.ValueTextEquals("resourceVersion"u8))
                _resourceVersion = JsonTokens.String(ref reader);
            else
                JsonTokens.SkipValue(ref reader);
        }
    }
}
