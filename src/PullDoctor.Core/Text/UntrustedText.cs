using System.Globalization;
using System.Text;

namespace PullDoctor.Core.Text;

/// <summary>
/// Text from outside (runtime messages, registry answers, names) made fit to show a person: control characters,
/// escape sequences, bidi overrides and other invisible format characters are replaced, and the length is bounded.
/// kubectl prints statuses and Events to terminals unescaped, so this runs before text is stored, not only at output.
/// </summary>
public static class UntrustedText
{
    /// <summary>What a cut-off text ends with.</summary>
    public const string Ellipsis = "…";

    /// <summary>The text with every unsafe character replaced by a visible escape (<c>\u001B</c>, <c>\u202E</c>), cut to
    /// <paramref name="maxLength"/> characters (the ellipsis included); null stays null.</summary>
    public static string? Clean(string? text, int maxLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 1);
        if (text is null)
        {
            return null;
        }

        // Look at no more than can be kept: the escapes only lengthen the text.
        var input = text.AsSpan(0, Math.Min(text.Length, maxLength + 1));
        if (!NeedsEscaping(input) && text.Length <= maxLength)
        {
            return text;
        }

        var builder = new StringBuilder(maxLength + 1);
        var truncated = false;
        foreach (var rune in input.EnumerateRunes())
        {
            var piece = IsUnsafe(rune) ? Escape(rune) : rune.ToString();
            if (builder.Length + piece.Length > maxLength)
            {
                truncated = true;
                break;
            }

            builder.Append(piece);
        }

        if (!truncated)
        {
            return builder.ToString();
        }

        var keep = maxLength - Ellipsis.Length;
        if (keep > 0 && char.IsHighSurrogate(builder[keep - 1]))
        {
            keep--;
        }

        return builder.ToString(0, Math.Min(keep, builder.Length)) + Ellipsis;
    }

    /// <summary>True when a character may not be shown as it is: C0/C1 controls (tab and newline too: each value
    /// is one line), DEL, and Unicode format characters (bidi overrides, zero-width joiners, …).</summary>
    public static bool IsUnsafe(Rune rune) =>
        Rune.IsControl(rune)
        || Rune.GetUnicodeCategory(rune) is UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
            or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned;

    private static bool NeedsEscaping(ReadOnlySpan<char> text)
    {
        foreach (var rune in text.EnumerateRunes())
        {
            if (IsUnsafe(rune))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The visible form of an unsafe character: <c>\uXXXX</c> per UTF-16 unit, so that text shown on a
    /// terminal and the same text inside a JSON string carry the same escape.</summary>
    public static string Escape(Rune rune)
    {
        Span<char> units = stackalloc char[2];
        var count = rune.EncodeToUtf16(units);
        var escaped = new StringBuilder(count * 6);
        foreach (var unit in units[..count])
        {
            escaped.Append("\\u").Append(((int)unit).ToString("X4", System.Globalization.CultureInfo.InvariantCulture));
        }

        return escaped.ToString();
    }
}
