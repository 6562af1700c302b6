using System.Globalization;
using System.Text;
using PullDoctor.Registry.Probe;

namespace PullDoctor.Registry.Http;

/// <summary>
/// The one way text from outside is made quotable: secrets scrubbed first (so no cut can split one and leave its
/// prefix), control and format characters (ANSI escapes, CR/LF, bidi overrides) replaced by spaces, whitespace
/// collapsed, then cut by <see cref="Core.Text.UntrustedText"/>, the one place that cuts and escapes outside text.
/// </summary>
internal static class QuotableText
{
    public static string Bound(string raw, int max, SecretScrubber scrubber)
    {
        ArgumentNullException.ThrowIfNull(raw);
        ArgumentNullException.ThrowIfNull(scrubber);

        // Bound the work before anything else: nothing beyond a few times the maximum can survive the cut.
        var text = scrubber.Scrub(raw.Length > max * 4 + 1024 ? raw[..(max * 4 + 1024)] : raw);
        var clean = new StringBuilder(Math.Min(text.Length, max * 2));
        var space = false;
        foreach (var c in text)
        {
            var category = char.GetUnicodeCategory(c);
            var blank = char.IsWhiteSpace(c) || category is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;
            if (blank)
            {
                space = clean.Length > 0;
                continue;
            }

            if (space)
            {
                clean.Append(' ');
                space = false;
            }

            clean.Append(c);
        }

        // Removing characters may join a secret's pieces: scrub again; the cut (and escaping of anything left) is Core's.
        return Core.Text.UntrustedText.Clean(scrubber.Scrub(clean.ToString()), max)!;
    }
}
