using System.Text.RegularExpressions;

namespace PullDoctor.Registry.Probe;

/// <summary>
/// The OCI distribution tag grammar, <c>[A-Za-z0-9_][A-Za-z0-9._-]{0,127}</c>. Anything a registry lists that does
/// not match (megabyte tags, <c>1.25.3;curl …|sh</c>, control characters) is not a tag and is dropped on reading.
/// </summary>
public static partial class TagName
{
    public const int MaxLength = 128;

    public static bool IsValid(string? tag) => tag is { Length: > 0 and <= MaxLength } && Grammar().IsMatch(tag);

    /// <summary>The same test on the raw UTF-8 bytes of a JSON string, before any string is allocated for it.</summary>
    public static bool IsValid(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length is 0 or > MaxLength)
        {
            return false;
        }

        for (var i = 0; i < utf8.Length; i++)
        {
            var c = (char)utf8[i];
            var ok = char.IsAsciiLetterOrDigit(c) || c == '_' || (i > 0 && c is '.' or '-');
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    [GeneratedRegex("^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$", RegexOptions.CultureInvariant)]
    private static partial Regex Grammar();
}
