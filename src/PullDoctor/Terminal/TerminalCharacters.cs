using System.Globalization;
using System.Text;
using PullDoctor.Core.Text;

namespace PullDoctor.Cli.Terminal;

/// <summary>
/// Which characters a terminal acts on instead of showing, and how they are shown instead. C0 controls (but the
/// newline), DEL and C1 controls start escape sequences (CSI, OSC 8 links, window titles), ring the bell, or move
/// the cursor back over what was printed (CR, backspace); format characters such as the bidi overrides U+202A–U+202E
/// and isolates U+2066–U+2069 reorder what is seen; U+2028/U+2029 break lines. Each becomes <c>\uXXXX</c>: visible
/// in text, and inside a JSON string exactly the JSON escape of the same character.
/// </summary>
internal static class TerminalCharacters
{
    // One definition of "unsafe" for stored and printed text (Core), so a status and its terminal view agree.
    public static bool IsUnsafe(Rune rune) => UntrustedText.IsUnsafe(rune);

    public static void AppendEscaped(StringBuilder output, char c) =>
        output.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
}
