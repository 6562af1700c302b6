using System.Text.Json;

namespace PullDoctor.Cli.Input;

/// <summary>
/// Typed reads of JSON from outside. A missing property or JSON null is absent; a present value of the wrong type is
/// an <see cref="InputException"/> naming it by path (<c>items[0].spec is a number, expected an object</c>), where
/// <see cref="JsonElement"/> itself would throw InvalidOperationException. Strings are at most
/// <see cref="MaxStringLength"/> characters (explain: what classification's regular expressions read).
/// </summary>
/// <param name="What">How messages name the input, e.g. <c>explain</c>.</param>
internal readonly record struct UntrustedJson(JsonElement Element, string Path, string What, int MaxStringLength)
{
    public static UntrustedJson Root(JsonElement element, string what, int maxStringLength) => new(element, string.Empty, what, maxStringLength);

    public JsonValueKind Kind => Element.ValueKind;

    public bool IsObject => Element.ValueKind == JsonValueKind.Object;

    /// <summary>Whether an object has the property, whatever its value.</summary>
    public bool Has(string name) => IsObject && Element.TryGetProperty(name, out _);

    /// <summary>This value, which must be an object.</summary>
    public UntrustedJson RequireObject(string expected = "an object") =>
        IsObject ? this : throw WrongType(this, expected);

    public UntrustedJson? Object(string name) =>
        Property(name) is { } value ? value.RequireObject() : null;

    public IReadOnlyList<UntrustedJson> Array(string name) =>
        Property(name) is { } value ? value.Items() : [];

    /// <summary>The items of this value, which must be an array.</summary>
    public IReadOnlyList<UntrustedJson> Items()
    {
        if (Element.ValueKind != JsonValueKind.Array)
        {
            throw WrongType(this, "an array");
        }

        var self = this;
        return Element.EnumerateArray().Select((item, index) => self with { Element = item, Path = $"{self.Path}[{index}]" }).ToList();
    }

    public string? String(string name) => Property(name)?.RequireString();

    /// <summary>This value, which must be a string.</summary>
    public string RequireString()
    {
        if (Kind != JsonValueKind.String)
        {
            throw WrongType(this, "a string");
        }

        var text = Element.GetString()!;
        return text.Length <= MaxStringLength
            ? text
            : throw new InputException($"{What}: {Path} is longer than {ByteSize.Format(MaxStringLength)}");
    }

    /// <summary>The properties of this object, each with its path.</summary>
    public IEnumerable<(string Name, UntrustedJson Value)> Properties()
    {
        var self = RequireObject();
        return self.Element.EnumerateObject().Select(p => (p.Name, self with { Element = p.Value, Path = self.Child($"[{p.Name}]") })).ToList();
    }

    public static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };

    private UntrustedJson? Property(string name) =>
        IsObject && Element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? this with { Element = value, Path = Child("." + name) }
            : null;

    private string Child(string suffix) => Path.Length == 0 ? suffix.TrimStart('.') : Path + suffix;

    private static InputException WrongType(UntrustedJson value, string expected) =>
        new($"{value.What}: {(value.Path.Length == 0 ? "the document" : value.Path)} is {Describe(value.Kind)}, expected {expected}");
}
