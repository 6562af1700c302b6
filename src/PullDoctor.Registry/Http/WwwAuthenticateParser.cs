using System.Text;

namespace PullDoctor.Registry.Http;

/// <summary>
/// Parses <c>WWW-Authenticate</c> values by RFC 9110 §11.6.1: several challenges per value and several values,
/// parameters with quoted strings (backslash escapes) or tokens, token68 credentials, and the sloppy spacing real
/// registries send. Never throws; what cannot be parsed is skipped.
/// </summary>
public static class WwwAuthenticateParser
{
    public static IReadOnlyList<AuthChallenge> Parse(IEnumerable<string> headerValues)
    {
        ArgumentNullException.ThrowIfNull(headerValues);
        var challenges = new List<AuthChallenge>();
        foreach (var value in headerValues)
        {
            ParseOne(value ?? string.Empty, challenges);
        }

        return challenges;
    }

    public static IReadOnlyList<AuthChallenge> Parse(string headerValue) => Parse([headerValue]);

    private static void ParseOne(string text, List<AuthChallenge> challenges)
    {
        var i = 0;
        string? scheme = null;
        Dictionary<string, string>? parameters = null;

        void Flush()
        {
            if (scheme is not null)
            {
                challenges.Add(new AuthChallenge(scheme, parameters ?? new Dictionary<string, string>()));
            }

            scheme = null;
            parameters = null;
        }

        while (i < text.Length)
        {
            SkipSeparators(text, ref i);
            if (i >= text.Length)
            {
                break;
            }

            var token = ReadToken(text, ref i);
            if (token.Length == 0)
            {
                // Not a token character: skip it rather than loop forever on garbage.
                i++;
                continue;
            }

            SkipSpaces(text, ref i);
            if (i < text.Length && text[i] == '=' && scheme is not null && !IsToken68Tail(text, i))
            {
                i++;
                SkipSpaces(text, ref i);
                var value = i < text.Length && text[i] == '"' ? ReadQuoted(text, ref i) : ReadToken(text, ref i);
                parameters ??= new Dictionary<string, string>(StringComparer.Ordinal);
                parameters[token.ToLowerInvariant()] = value;
                continue;
            }

            if (scheme is not null && parameters is null && i < text.Length && text[i] == '=')
            {
                // token68 (e.g. "Negotiate abc=="): keep it as a parameter without a name.
                while (i < text.Length && text[i] == '=')
                {
                    i++;
                }

                parameters = new Dictionary<string, string>(StringComparer.Ordinal) { [string.Empty] = token };
                continue;
            }

            Flush();
            scheme = token;
        }

        Flush();
    }

    // "abc==" followed by end or comma is a token68, not a parameter.
    private static bool IsToken68Tail(string text, int equalsAt)
    {
        var j = equalsAt;
        while (j < text.Length && text[j] == '=')
        {
            j++;
        }

        if (j - equalsAt < 2)
        {
            return false;
        }

        while (j < text.Length && text[j] is ' ' or '\t')
        {
            j++;
        }

        return j >= text.Length || text[j] == ',';
    }

    private static string ReadToken(string text, ref int i)
    {
        var start = i;
        while (i < text.Length && IsTokenChar(text[i]))
        {
            i++;
        }

        return text[start..i];
    }

    private static string ReadQuoted(string text, ref int i)
    {
        var builder = new StringBuilder();
        i++;
        while (i < text.Length && text[i] != '"')
        {
            if (text[i] == '\\' && i + 1 < text.Length)
            {
                i++;
            }

            builder.Append(text[i]);
            i++;
        }

        if (i < text.Length)
        {
            i++;
        }

        return builder.ToString();
    }

    private static void SkipSpaces(string text, ref int i)
    {
        while (i < text.Length && text[i] is ' ' or '\t')
        {
            i++;
        }
    }

    private static void SkipSeparators(string text, ref int i)
    {
        while (i < text.Length && text[i] is ' ' or '\t' or ',')
        {
            i++;
        }
    }

    // RFC 9110 tchar, plus '/' and ':' that some registries leave unquoted in realm URLs.
    private static bool IsTokenChar(char c) =>
        char.IsAsciiLetterOrDigit(c) || c is '!' or '#' or '$' or '%' or '&' or '\'' or '*' or '+' or '-' or '.' or '^' or '_' or '`' or '|' or '~' or '/' or ':';
}
