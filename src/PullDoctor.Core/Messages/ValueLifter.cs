using System.Text;
using PullDoctor.Core.References;

namespace PullDoctor.Core.Messages;

/// <summary>
/// Turns a message into its skeleton: the text lower-cased, with every value — image references and
/// their parts, URLs, hosts, addresses, digests, paths, media types, SAN names, lookup names, secret
/// names, quoted data — replaced by a placeholder <c>‹X›</c> whose letter is upper case, so that no rule
/// keyword (all lower case) can ever match a value or a placeholder. Values are recognised by their
/// shape (a URL, a token with '/', '@', an inner ':' or '.') and by their position in the runtime's
/// wording (<c>lookup NAME</c>, <c>pull access denied for NAME,</c>, <c>certificate is valid for A, B,
/// not C</c>, <c>repository NAME not found</c>), and the parts of the image the message is about are
/// lifted wherever the wording puts a name.
/// </summary>
internal static class ValueLifter
{
    public const char Open = '\u2039';
    public const char Close = '\u203a';

    // Words with '/' or '.' that are the runtimes' own wording, not data.
    private static readonly string[] StructureWords = ["i/o", "net/http", "archive/tar", "username/password", "client.timeout", "policy.json", "registries.conf", "and/or", "read/write", "e.g", "i.e", "n/a"];

    // Words after which the runtimes write a name: the image's parts are lifted there.
    private static readonly string[] NameLeads = ["for", "repository", "manifest", "image", "tag", "in", "name", "project", "pulling", "from", "of", "reference", "ref"];

    // '<' and '>' split too: a registry's HTML body (nginx's "<title>429 Too Many Requests</title>") is
    // words between tags, and a tag glued to a word must not make the word look like a path.
    private const string TokenStops = " \t\r\n\"<>";
    private const string LeadingPunctuation = "([{<";
    private const string TrailingPunctuation = ")]}>,;:.!?";
    private const string SecretListPunctuation = "),;";

    public static string Lift(string text, string? knownImage, List<MessageValue> values)
    {
        var state = new State(text, values);
        if (!string.IsNullOrEmpty(knownImage))
        {
            state.AddKnownParts(knownImage);
        }

        state.Run();

        // A final space, so that a keyword ending in a word boundary ("denied ") holds at the end too.
        return state.Output.Append(' ').ToString();
    }

    private static char Letter(ValueKind kind) => kind switch
    {
        ValueKind.Reference => 'R',
        ValueKind.Url => 'U',
        ValueKind.Host => 'H',
        ValueKind.Address => 'A',
        ValueKind.Digest => 'D',
        ValueKind.Path => 'P',
        ValueKind.MediaType => 'M',
        ValueKind.CertificateName => 'S',
        ValueKind.WantedName => 'W',
        ValueKind.LookupName => 'L',
        ValueKind.SecretName => 'N',
        _ => 'V',
    };

    private sealed class State(string text, List<MessageValue> values)
    {
        private readonly List<string> _known = [];
        private string _previousWord = string.Empty;
        private string _wordBeforePrevious = string.Empty;
        private bool _inCertificateNames;
        private bool _inSecretList;
        private ValueKind? _nextValue;

        public StringBuilder Output { get; } = new(text.Length);

        public void AddKnownParts(string reference)
        {
            foreach (var part in reference.Split(['/', ':', '@'], StringSplitOptions.RemoveEmptyEntries))
            {
                if (!_known.Contains(part, StringComparer.OrdinalIgnoreCase))
                {
                    _known.Add(part);
                }
            }

            var at = reference.IndexOf('@', StringComparison.Ordinal);
            var name = at < 0 ? reference : reference[..at];
            var colon = name.LastIndexOf(':');
            if (colon > name.LastIndexOf('/'))
            {
                name = name[..colon];
            }

            foreach (var whole in new[] { reference, name })
            {
                if (!_known.Contains(whole, StringComparer.OrdinalIgnoreCase))
                {
                    _known.Add(whole);
                }
            }
        }

        public void Run()
        {
            var i = 0;
            while (i < text.Length)
            {
                var c = text[i];
                if (char.IsWhiteSpace(c))
                {
                    Output.Append(' ');
                    i++;
                    continue;
                }

                if (c is '<' or '>')
                {
                    Output.Append(c);
                    i++;
                    continue;
                }

                if (c == '"' || (c == '\'' && (i == 0 || !char.IsLetterOrDigit(text[i - 1]))))
                {
                    var close = ClosingQuote(i, c);
                    if (close > i && !ContainsSpace(i + 1, close))
                    {
                        Quoted(text.AsSpan(i + 1, close - i - 1), c);
                        i = close + 1;
                        continue;
                    }

                    // A quoted phrase (a registry's sentence, a JSON message): its words are read as words.
                    Output.Append(c);
                    i++;
                    continue;
                }

                var end = i;
                while (end < text.Length && !TokenStops.Contains(text[end], StringComparison.Ordinal))
                {
                    end++;
                }

                Token(i, end);
                i = end;
            }
        }

        private int ClosingQuote(int open, char quote)
        {
            for (var j = open + 1; j < text.Length; j++)
            {
                if (text[j] == '\\')
                {
                    j++;
                }
                else if (text[j] == quote)
                {
                    // A closing single quote is followed by a non-letter ("don't" is not a quote).
                    return quote == '\'' && j + 1 < text.Length && char.IsLetterOrDigit(text[j + 1]) ? -1 : j;
                }
                else if (quote == '\'' && char.IsWhiteSpace(text[j]))
                {
                    return -1;
                }
            }

            return -1;
        }

        private bool ContainsSpace(int start, int end)
        {
            for (var j = start; j < end; j++)
            {
                if (text[j] == ' ')
                {
                    return true;
                }
            }

            return false;
        }

        private void Quoted(ReadOnlySpan<char> content, char quote)
        {
            Output.Append(quote);
            if (content.Length > 0 && IsErrorCode(content))
            {
                // A registry error code in a JSON body ("MANIFEST_UNKNOWN") is the registry's verdict, not data.
                AppendLower(content);
            }
            else if (content.Length > 0)
            {
                var kind = _nextValue ?? Classify(content, quoted: true);
                Emit(kind, content.ToString());
                _nextValue = null;
            }

            Output.Append(quote);
        }

        private static bool IsErrorCode(ReadOnlySpan<char> content)
        {
            foreach (var ch in content)
            {
                if (!(ch is (>= 'A' and <= 'Z') or '_'))
                {
                    return false;
                }
            }

            return true;
        }

        private void Token(int start, int end)
        {
            var coreStart = start;
            var coreEnd = end;
            while (coreStart < coreEnd && LeadingPunctuation.Contains(text[coreStart], StringComparison.Ordinal)
                && !(text[coreStart] == '[' && text.AsSpan(coreStart, coreEnd - coreStart).Contains("]:", StringComparison.Ordinal)))
            {
                coreStart++;
            }

            // A secret name is written as the pod spec holds it, even an unexpanded "${NAME}".
            var trailing = _inSecretList ? SecretListPunctuation : TrailingPunctuation;
            while (coreEnd > coreStart && trailing.Contains(text[coreEnd - 1], StringComparison.Ordinal)
                && !(text[coreEnd - 1] == ']' && text[coreStart] == '['))
            {
                coreEnd--;
            }

            Output.Append(text.AsSpan(start, coreStart - start));
            var core = text.AsSpan(coreStart, coreEnd - coreStart);
            if (core.Length > 0)
            {
                Word(core, coreEnd);
            }

            AppendLower(text.AsSpan(coreEnd, end - coreEnd));
            if (_inSecretList && text.AsSpan(coreEnd, end - coreEnd).Contains(')'))
            {
                _inSecretList = false;
            }
        }

        private void Word(ReadOnlySpan<char> core, int coreEnd)
        {
            ValueKind? kind = null;
            if (_nextValue is { } forced)
            {
                kind = forced;
                _nextValue = null;
            }
            else if (_inCertificateNames)
            {
                if (core.Equals("not", StringComparison.OrdinalIgnoreCase))
                {
                    _inCertificateNames = false;
                    _nextValue = ValueKind.WantedName;
                }
                else
                {
                    kind = ValueKind.CertificateName;
                }
            }
            else if (_inSecretList)
            {
                kind = ValueKind.SecretName;
            }
            else if (LooksLikeData(core))
            {
                kind = Classify(core, quoted: false);
            }
            else if (InNamePosition(core, coreEnd))
            {
                kind = ValueKind.Reference;
            }

            if (kind is { } value)
            {
                Emit(value, core.ToString());
                return;
            }

            var start = Output.Length;
            AppendLower(core);
            var word = Output.ToString(start, Output.Length - start);
            AfterWord(word, coreEnd);
            _wordBeforePrevious = _previousWord;
            _previousWord = word;
        }

        // Positions where the runtimes' wording puts a name that may look like any word.
        private void AfterWord(string word, int coreEnd)
        {
            switch (word)
            {
                case "lookup":
                    _nextValue = ValueKind.LookupName;
                    break;
                case "for" when _previousWord == "valid":
                    _inCertificateNames = true;
                    break;
                case "for" when _previousWord == "denied":
                    _nextValue = ValueKind.Reference;
                    break;
                case "match" when _previousWord == "to" && _wordBeforePrevious == "wanted":
                    _nextValue = ValueKind.WantedName;
                    break;
                case "secrets" when _previousWord == "pull":
                    _inSecretList = text.AsSpan(coreEnd).TrimStart(' ').StartsWith('(');
                    break;
            }
        }

        private bool InNamePosition(ReadOnlySpan<char> core, int coreEnd)
        {
            if (Array.IndexOf(NameLeads, _previousWord) < 0)
            {
                return false;
            }

            foreach (var known in _known)
            {
                if (core.Equals(known, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }

            // "repository NAME not found", "manifest TAG in REPOSITORY", "tag TAG not found": the wording
            // around the name says it is one, whatever the name is.
            var rest = text.AsSpan(coreEnd);
            return _previousWord switch
            {
                "repository" or "tag" or "image" => rest.StartsWith(" not found", StringComparison.OrdinalIgnoreCase),
                "manifest" => rest.StartsWith(" in ", StringComparison.OrdinalIgnoreCase),
                _ => false,
            };
        }

        private static bool LooksLikeData(ReadOnlySpan<char> core)
        {
            if (core.IndexOfAny('/', '@', '\\') >= 0 || Inner(core, ':') || Inner(core, '.'))
            {
                foreach (var word in StructureWords)
                {
                    if (core.Equals(word, StringComparison.OrdinalIgnoreCase))
                    {
                        return false;
                    }
                }

                return true;
            }

            return false;
        }

        private static bool Inner(ReadOnlySpan<char> core, char separator)
        {
            var at = core.IndexOf(separator);
            return at > 0 && at < core.Length - 1;
        }

        private static ValueKind Classify(ReadOnlySpan<char> value, bool quoted)
        {
            if (value.Contains("://", StringComparison.Ordinal))
            {
                return ValueKind.Url;
            }

            if (IsDigest(value))
            {
                return ValueKind.Digest;
            }

            if (value[0] == '/' || (value.Length > 2 && value[1] == ':' && value[2] == '\\') || value.Contains('\\'))
            {
                return ValueKind.Path;
            }

            if (value.StartsWith("application/", StringComparison.OrdinalIgnoreCase) || value.StartsWith("text/", StringComparison.OrdinalIgnoreCase))
            {
                return ValueKind.MediaType;
            }

            if (IsAddress(value))
            {
                return ValueKind.Address;
            }

            if (value.IndexOfAny('/', '@') < 0 && ReferenceGrammar.IsHost(value.ToString()))
            {
                return ValueKind.Host;
            }

            return quoted || value.IndexOfAny('/', '@', ':') >= 0 ? ValueKind.Reference : ValueKind.Other;
        }

        // Looser than ReferenceGrammar.IsDigest on purpose: reporters shorten digests ("sha256:cfb041a1…"),
        // and a shortened digest is still a digest, not wording.
        private static bool IsDigest(ReadOnlySpan<char> value)
        {
            var colon = value.IndexOf(':');
            if (colon < 3 || value.Length - colon - 1 < 32 || !value.StartsWith("sha", StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }

            foreach (var ch in value[(colon + 1)..])
            {
                if (!char.IsAsciiHexDigit(ch))
                {
                    return false;
                }
            }

            return true;
        }

        // 10.96.0.10:53, 10.0.0.1:3456->10.96.0.10:53, [fd00::10]:53, 2001:db8::1.
        private static bool IsAddress(ReadOnlySpan<char> value)
        {
            var digits = 0;
            foreach (var ch in value)
            {
                if (char.IsAsciiDigit(ch))
                {
                    digits++;
                }
                else if (!(char.IsAsciiHexDigit(ch) || ch is '.' or ':' or '[' or ']' or '-' or '>' or '%'))
                {
                    return false;
                }
            }

            return digits > 0 && (value.Contains(':') || value.Count('.') == 3);
        }

        private void Emit(ValueKind kind, string value)
        {
            // A value ends a name position: the word after `image "X":` is wording again.
            _wordBeforePrevious = _previousWord;
            _previousWord = string.Empty;
            values.Add(new MessageValue(kind, value));
            if (kind == ValueKind.Reference && value.Length > 0)
            {
                AddKnownParts(value);
            }

            Output.Append(Open).Append(Letter(kind)).Append(Close);
        }

        private void AppendLower(ReadOnlySpan<char> span)
        {
            foreach (var ch in span)
            {
                Output.Append(char.ToLowerInvariant(ch));
            }
        }
    }
}
