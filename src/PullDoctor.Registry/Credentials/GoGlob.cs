namespace PullDoctor.Registry.Credentials;

/// <summary>
/// Go's <c>path/filepath.Match</c> for one host label (no separators): <c>*</c> any run of characters,
/// <c>?</c> one character, <c>[...]</c> classes with ranges and <c>^</c> negation, <c>\</c> escapes. The kubelet
/// matches credential keys label by label with it, so <c>*.example.com</c> matches exactly one label.
/// </summary>
internal static class GoGlob
{
    /// <returns>Whether <paramref name="name"/> matches; false also for a malformed pattern (Go returns an error, the kubelet treats it as no match).</returns>
    public static bool Match(string pattern, string name) => Match(pattern.AsSpan(), name.AsSpan());

    private static bool Match(ReadOnlySpan<char> pattern, ReadOnlySpan<char> name)
    {
        var p = 0;
        var n = 0;
        var starP = -1;
        var starN = -1;
        while (n < name.Length)
        {
            if (p < pattern.Length)
            {
                var c = pattern[p];
                if (c == '*')
                {
                    starP = p++;
                    starN = n;
                    continue;
                }

                if (c == '?')
                {
                    p++;
                    n++;
                    continue;
                }

                if (c == '[')
                {
                    var matched = MatchClass(pattern, ref p, name[n], out var valid);
                    if (!valid)
                    {
                        return false;
                    }

                    if (matched)
                    {
                        n++;
                        continue;
                    }
                }
                else
                {
                    if (c == '\\')
                    {
                        if (p + 1 >= pattern.Length)
                        {
                            return false;
                        }

                        c = pattern[p + 1];
                        if (c == name[n])
                        {
                            p += 2;
                            n++;
                            continue;
                        }
                    }
                    else if (c == name[n])
                    {
                        p++;
                        n++;
                        continue;
                    }
                }
            }

            if (starP < 0)
            {
                return false;
            }

            p = starP + 1;
            n = ++starN;
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }

    private static bool MatchClass(ReadOnlySpan<char> pattern, ref int p, char ch, out bool valid)
    {
        valid = true;
        var i = p + 1;
        var negate = i < pattern.Length && pattern[i] == '^';
        if (negate)
        {
            i++;
        }

        var matched = false;
        var first = true;
        while (true)
        {
            if (i >= pattern.Length)
            {
                valid = false;
                return false;
            }

            if (pattern[i] == ']' && !first)
            {
                i++;
                break;
            }

            first = false;
            if (!ReadClassChar(pattern, ref i, out var lo))
            {
                valid = false;
                return false;
            }

            var hi = lo;
            if (i < pattern.Length && pattern[i] == '-')
            {
                i++;
                if (!ReadClassChar(pattern, ref i, out hi))
                {
                    valid = false;
                    return false;
                }
            }

            if (lo <= ch && ch <= hi)
            {
                matched = true;
            }
        }

        p = i;
        return matched != negate;
    }

    private static bool ReadClassChar(ReadOnlySpan<char> pattern, ref int i, out char c)
    {
        c = default;
        if (i >= pattern.Length || pattern[i] is '-' or ']')
        {
            return false;
        }

        if (pattern[i] == '\\')
        {
            i++;
            if (i >= pattern.Length)
            {
                return false;
            }
        }

        c = pattern[i++];
        return true;
    }
}
