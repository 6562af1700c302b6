using System.Text.Json;

namespace PullDoctor.Operator.Informers.PodStream;

/// <summary>
/// Typed reads over a <see cref="Utf8JsonReader"/> that fail the way the serializer does: a value of the wrong JSON
/// type is a <see cref="JsonException"/> (today's decode error), JSON null reads as absent.
/// </summary>
internal static class JsonTokens
{
    /// <summary>Reads the next value as a string; null for JSON null.</summary>
    public static string? String(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.TokenType switch
        {
            JsonTokenType.String => reader.GetString(),
            JsonTokenType.Null => null,
            _ => throw Mismatch(ref reader, "a string"),
        };
    }

    /// <summary>Reads the next value as a boolean; null for JSON null.</summary>
    public static bool? Boolean(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.TokenType switch
        {
            JsonTokenType.True => true,
            JsonTokenType.False => false,
            JsonTokenType.Null => null,
            _ => throw Mismatch(ref reader, "a boolean"),
        };
    }

    /// <summary>Reads the next value's start: true inside an object, false for JSON null.</summary>
    public static bool BeginObject(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.TokenType switch
        {
            JsonTokenType.StartObject => true,
            JsonTokenType.Null => false,
            _ => throw Mismatch(ref reader, "an object"),
        };
    }

    /// <summary>Reads the next value's start: true inside an array, false for JSON null.</summary>
    public static bool BeginArray(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.TokenType switch
        {
            JsonTokenType.StartArray => true,
            JsonTokenType.Null => false,
            _ => throw Mismatch(ref reader, "an array"),
        };
    }

    /// <summary>Inside an object: moves to the next property name, or returns false at the object's end.</summary>
    public static bool NextProperty(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.TokenType == JsonTokenType.PropertyName;
    }

    /// <summary>
    /// Inside an array: reads the next element's start. Returns <see cref="Element.End"/> at the array's end and
    /// <see cref="Element.Null"/> for a null element (which the serializer keeps as a null item).
    /// </summary>
    public static Element NextObjectElement(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.TokenType switch
        {
            JsonTokenType.EndArray => Element.End,
            JsonTokenType.StartObject => Element.Object,
            JsonTokenType.Null => Element.Null,
            _ => throw Mismatch(ref reader, "an object"),
        };
    }

    /// <summary>After a property name: skips its value, whatever it is.</summary>
    public static void SkipValue(ref Utf8JsonReader reader) => reader.Skip();

    public static JsonException Mismatch(ref Utf8JsonReader reader, string expected) =>
        new($"Expected {expected} at byte {reader.TokenStartIndex}, found {reader.TokenType}.");

    internal enum Element
    {
        End,
        Object,
        Null,
    }
}
