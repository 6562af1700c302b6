using System.Text;

namespace PullDoctor.Cli.Terminal;

/// <summary>
/// The one writer between pulldoctor and a terminal: every verb's stdout and stderr go through it, so no text from
/// outside (kubelet messages, pod and container names, registry answers, file names) can carry a control character
/// or escape sequence to the screen. Unsafe characters (<see cref="TerminalCharacters"/>) are written as visible
/// <c>\uXXXX</c> escapes. Newlines pass on stdout, where reports have lines; on stderr, in
/// <see cref="NewlinePolicy.OnlyEndOfLine"/> mode, a newline inside a value is escaped too, so each WriteLine is one
/// line, as SPEC §6 wants of errors.
/// </summary>
internal sealed class TerminalSafeWriter(TextWriter inner, TerminalSafeWriter.NewlinePolicy newlines) : TextWriter
{
    public enum NewlinePolicy
    {
        /// <summary>Newlines in what is written pass: multi-line reports.</summary>
        Pass,

        /// <summary>Only the newline WriteLine itself adds passes: one line per WriteLine.</summary>
        OnlyEndOfLine,
    }

    // A high surrogate at the end of one write, waiting for its low half in the next.
    private char? _pendingHighSurrogate;

    public override Encoding Encoding => inner.Encoding;

    public override void Write(char value) => inner.Write(Escape([value]));

    public override void Write(string? value) => inner.Write(Escape(value));

    public override void Write(char[] buffer, int index, int count) => inner.Write(Escape(buffer.AsSpan(index, count)));

    public override void Write(ReadOnlySpan<char> buffer) => inner.Write(Escape(buffer));

    public override void WriteLine() => inner.Write(Flush(new StringBuilder()).Append('\n').ToString());

    public override void WriteLine(string? value) => inner.Write(Escape(value) + Flush(new StringBuilder()).Append('\n'));

    public override Task WriteAsync(char value) => inner.WriteAsync(Escape([value]));

    public override Task WriteAsync(string? value) => inner.WriteAsync(Escape(value));

    public override Task WriteAsync(ReadOnlyMemory<char> buffer, CancellationToken cancellationToken = default) =>
        inner.WriteAsync(Escape(buffer.Span).AsMemory(), cancellationToken);

    public override Task WriteLineAsync() => inner.WriteAsync(Flush(new StringBuilder()).Append('\n').ToString());

    public override Task WriteLineAsync(string? value) => inner.WriteAsync(Escape(value) + Flush(new StringBuilder()).Append('\n'));

    public override Task WriteLineAsync(ReadOnlyMemory<char> buffer, CancellationToken cancellationToken = default) =>
        inner.WriteAsync((Escape(buffer.Span) + Flush(new StringBuilder()).Append('\n')).AsMemory(), cancellationToken);

    public override void Flush() => inner.Flush();

    public override Task FlushAsync() => inner.FlushAsync();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    private string Escape(string? value) => value is null ? string.Empty : Escape(value.AsSpan());

    private string Escape(ReadOnlySpan<char> text)
    {
        var output = new StringBuilder(text.Length);
        var i = 0;
        if (_pendingHighSurrogate is { } high)
        {
            _pendingHighSurrogate = null;
            if (text.Length > 0 && char.IsLowSurrogate(text[0]))
            {
                AppendRune(output, new Rune(high, text[0]), [high, text[0]]);
                i = 1;
            }
            else
            {
                TerminalCharacters.AppendEscaped(output, high);
            }
        }

        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c))
            {
                if (i + 1 == text.Length)
                {
                    _pendingHighSurrogate = c;
                    break;
                }

                if (char.IsLowSurrogate(text[i + 1]))
                {
                    AppendRune(output, new Rune(c, text[i + 1]), text.Slice(i, 2));
                    i += 2;
                    continue;
                }
            }

            if (c == '\n' && newlines == NewlinePolicy.Pass)
            {
                output.Append(c);
            }
            else if (char.IsSurrogate(c) || TerminalCharacters.IsUnsafe(new Rune(c)))
            {
                TerminalCharacters.AppendEscaped(output, c);
            }
            else
            {
                output.Append(c);
            }

            i++;
        }

        return output.ToString();
    }

    private static void AppendRune(StringBuilder output, Rune rune, ReadOnlySpan<char> units)
    {
        if (TerminalCharacters.IsUnsafe(rune))
        {
            foreach (var unit in units)
            {
                TerminalCharacters.AppendEscaped(output, unit);
            }
        }
        else
        {
            output.Append(units);
        }
    }

    // A line ends: a high surrogate still waiting will get no low half.
    private StringBuilder Flush(StringBuilder output)
    {
        if (_pendingHighSurrogate is { } high)
        {
            _pendingHighSurrogate = null;
            TerminalCharacters.AppendEscaped(output, high);
        }

        return output;
    }
}
