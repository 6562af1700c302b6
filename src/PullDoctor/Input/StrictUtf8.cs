using System.Text;

namespace PullDoctor.Cli.Input;

/// <summary>
/// Decodes input that must be text: invalid UTF-8 or a NUL byte means binary data (or the wrong file), which is
/// refused rather than decoded into replacement characters and shown back.
/// </summary>
internal static class StrictUtf8
{
    private static readonly UTF8Encoding Encoding = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <param name="what">How the message names the input, e.g. <c>explain: input</c>.</param>
    public static string Decode(ReadOnlySpan<byte> bytes, string what)
    {
        var nul = bytes.IndexOf((byte)0);
        if (nul >= 0)
        {
            throw new InputException($"{what} is not UTF-8 text: NUL byte at offset {nul}");
        }

        try
        {
            var text = Encoding.GetString(bytes);
            return text.Length > 0 && text[0] == '\uFEFF' ? text[1..] : text;
        }
        catch (DecoderFallbackException ex)
        {
            throw new InputException($"{what} is not UTF-8 text: invalid byte at offset {ex.Index}");
        }
    }
}
