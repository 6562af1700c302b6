namespace PullDoctor.Cli.Input;

/// <summary>
/// Refuses JSON and YAML nested deeper than <see cref="MaxDepth"/> levels before any parser sees it. YamlDotNet's
/// scanner and node builder recurse per level, so 100,000 nested brackets overflow the stack, which no catch can
/// handle: the process dies. The check is lexical (brackets outside quoted strings and comments, plus YAML block
/// indentation and "- " entries), linear in the input and allocation-free but for the indentation stack.
/// </summary>
internal static class NestingLimit
{
    public const int MaxDepth = 64;

    /// <param name="what">How the message names the input, e.g. <c>--pull-secret secret.yaml</c>.</param>
    public static void Check(string text, string what)
    {
        ArgumentNullException.ThrowIfNull(text);
        var flow = 0;
        var indents = new Stack<int>();
        var i = 0;
        while (i < text.Length)
        {
            // At a line start outside flow context: YAML block structure nests by indentation and "- " entries.
            var lineDepth = 0;
            if (flow == 0)
            {
                var indent = 0;
                while (i < text.Length && text[i] == ' ')
                {
                    indent++;
                    i++;
                }

                if (i < text.Length && text[i] is not ('\n' or '\r' or '#'))
                {
                    while (indents.Count > 0 && indents.Peek() > indent)
                    {
                        indents.Pop();
                    }

                    if (indents.Count == 0 || indents.Peek() < indent)
                    {
                        indents.Push(indent);
                    }

                    while (i + 1 < text.Length && text[i] is '-' or '?' && text[i + 1] == ' ')
                    {
                        lineDepth++;
                        i += 2;
                        while (i < text.Length && text[i] == ' ')
                        {
                            i++;
                        }
                    }
                }
            }

            Fail(indents.Count + lineDepth + flow, what);
            i = ScanLine(text, i, ref flow, indents.Count + lineDepth, what);
        }
    }

    // Scans to just past the end of the line (or of a quoted string spanning lines), counting flow brackets.
    private static int ScanLine(string text, int i, ref int flow, int blockDepth, string what)
    {
        var tokenStart = true;
        while (i < text.Length)
        {
            var c = text[i];
            switch (c)
            {
                case '\n':
                    return i + 1;
                case '#' when tokenStart:
                    while (i < text.Length && text[i] != '\n')
                    {
                        i++;
                    }

                    continue;
                case '"' or '\'' when tokenStart:
                    i = SkipQuoted(text, i);
                    tokenStart = false;
                    continue;
                case '[' or '{' when tokenStart:
                    flow++;
                    Fail(blockDepth + flow, what);
                    break;
                case ']' or '}' when flow > 0:
                    flow--;
                    break;
            }

            // YAML starts a token (a quoted scalar, a bracket, a comment) only after white space or an indicator;
            // a quote or bracket inside a plain scalar such as don't or a[b is text.
            tokenStart = c is ' ' or '\t' or '\r' or ',' or '[' or '{' or ':' or '-' or '?';
            i++;
        }

        return i;
    }

    private static int SkipQuoted(string text, int start)
    {
        var quote = text[start];
        for (var i = start + 1; i < text.Length; i++)
        {
            if (quote == '"' && text[i] == '\\')
            {
                i++;
            }
            else if (text[i] == quote)
            {
                // In single quotes '' is an escaped quote: the scan simply closes and reopens.
                return i + 1;
            }
        }

        return text.Length;
    }

    private static void Fail(int depth, string what)
    {
        if (depth > MaxDepth)
        {
            throw new InputException($"{what} is nested deeper than {MaxDepth} levels");
        }
    }
}
