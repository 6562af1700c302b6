using System.Buffers;
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


    // '<' and '>' split too: a registry's HTML body (nginx's "<title>429 Too Many Requests</title>") is
    // words between tags, and a tag glued to a word must not make the word look like a path.
    private static readonly SearchValues<char> TokenStops = SearchValues.Create(" \t\r\n\"<>");
    // Punctuation around a token that is not part of it: before it ([{< ; after it )]}>,;:.!? — and in a
    // pull-secret list only ),; (a secret name is written as the pod spec holds it, even "${NAME}").

    /// <summary>
    /// Lifts the values of <paramref name="text"/> into <paramref name="values"/> and returns the skeleton.
    /// The same scan notes where each value's placeholder starts in the skeleton (<paramref name="offsets"/>,
    /// one per value) and where wording writes a digit 4 or 5 (<paramref name="statusDigits"/>, created on
    /// the first one), so that facts are read at those places instead of by a second search of the text.
    /// </summary>
    public static string Lift(string text, string? knownImage, List<MessageValue> values, List<int> offsets, ref List<int>? statusDigits)
    {
        var output = new SkeletonBuffer(text.Length + 1);
        try
        {
            var state = new State(text, values, offsets, output);
            if (!string.IsNullOrEmpty(knownImage))
            {
                state.AddKnownParts(knownImage);
            }

            state.Run();

            // A final space, so that a keyword ending in a word boundary ("denied ") holds at the end too.
            output.Append(' ');
            statusDigits = output.StatusDigits;
            return output.ToString();
        }
        finally
        {
            output.Dispose();
        }
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

    // The skeleton and the words are read from one buffer: a word is a range of it, never a string of
    // its own (classification runs on every message the operator sees).
    private sealed class State(string text, List<MessageValue> values, List<int> offsets, SkeletonBuffer output)
    {
        private readonly List<ReadOnlyMemory<char>> _known = [];
        private Range _previousWord;
        private Range _wordBeforePrevious;
        private bool _inCertificateNames;
        private bool _inSecretList;
        private ValueKind? _nextValue;

        private SkeletonBuffer Output => output;

        private ReadOnlySpan<char> PreviousWord => output.Written[_previousWord];

        private ReadOnlySpan<char> WordBeforePrevious => output.Written[_wordBeforePrevious];

        // The forms a runtime writes an image in: whole, without its tag or digest, its last path
        // component (Docker's familiar "nginx") and its tag. Forms with '/' or ':' are lifted by shape
        // anyway; a middle path component ("image" of "admin/image/test") is never written alone, and
        // taking it for a name would lift the wording "pulling image".
        public void AddKnownParts(string reference)
        {
            var at = reference.IndexOf('@', StringComparison.Ordinal);
            var name = at < 0 ? reference.AsMemory() : reference.AsMemory(0, at);
            var slash = name.Span.LastIndexOf('/');
            var colon = name.Span.LastIndexOf(':');
            if (colon > slash)
            {
                AddKnown(name[(colon + 1)..]);
                name = name[..colon];
            }

            AddKnown(reference.AsMemory());
            AddKnown(name);
            AddKnown(name[(slash + 1)..]);
        }

        private void AddKnown(ReadOnlyMemory<char> part)
        {
            if (part.Length > 0 && !IsKnown(part.Span))
            {
                _known.Add(part);
            }
        }

        private bool IsKnown(ReadOnlySpan<char> word)
        {
            foreach (var known in _known)
            {
                if (word.Equals(known.Span, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }

            return false;
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

                var stop = text.AsSpan(i).IndexOfAny(TokenStops);
                var end = stop < 0 ? text.Length : i + stop;

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
            while (coreStart < coreEnd && text[coreStart] is '(' or '[' or '{' or '<'
                && !(text[coreStart] == '[' && text.AsSpan(coreStart, coreEnd - coreStart).Contains("]:", StringComparison.Ordinal)))
            {
                coreStart++;
            }

            // A secret name is written as the pod spec holds it, even an unexpanded "${NAME}".
            while (coreEnd > coreStart && (_inSecretList ? text[coreEnd - 1] is ')' or ',' or ';' : text[coreEnd - 1] is ')' or ']' or '}' or '>' or ',' or ';' or ':' or '.' or '!' or '?')
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
            var word = start..Output.Length;
            AfterWord(Output.Written[word], coreEnd);
            _wordBeforePrevious = _previousWord;
            _previousWord = word;
        }

        // Positions where the runtimes' wording puts a name that may look like any word.
        private void AfterWord(ReadOnlySpan<char> word, int coreEnd)
        {
            switch (word)
            {
                case "lookup":
                    _nextValue = ValueKind.LookupName;
                    break;
                case "for" when PreviousWord is "valid":
                    _inCertificateNames = true;
                    break;
                case "for" when PreviousWord is "certificate" && WordBeforePrevious is "validate":
                    // Go crypto/x509 HostnameError: "cannot validate certificate for HOST because it doesn't contain any IP SANs".
                    _nextValue = ValueKind.WantedName;
                    break;
                case "for" when PreviousWord is "denied":
                    _nextValue = ValueKind.Reference;
                    break;
                case "match" when PreviousWord is "to" && WordBeforePrevious is "wanted":
                    _nextValue = ValueKind.WantedName;
                    break;
                case "secrets" when PreviousWord is "pull":
                    _inSecretList = text.AsSpan(coreEnd).TrimStart(' ').StartsWith('(');
                    break;
            }
        }

        private bool InNamePosition(ReadOnlySpan<char> core, int coreEnd)
        {
            var previous = PreviousWord;
            if (!IsNameLead(previous))
            {
                return false;
            }

            if (IsKnown(core))
            {
                return true;
            }

            // "repository NAME not found", "manifest TAG in REPOSITORY", "tag TAG not found": the wording
            // around the name says it is one, whatever the name is.
            var rest = text.AsSpan(coreEnd);
            return previous switch
            {
                "repository" or "tag" or "image" => rest.StartsWith(" not found", StringComparison.OrdinalIgnoreCase),
                "manifest" => rest.StartsWith(" in ", StringComparison.OrdinalIgnoreCase),
                _ => false,
            };
        }

        private static bool IsNameLead(ReadOnlySpan<char> word) =>
            word is "for" or "repository" or "manifest" or "image" or "tag" or "in" or "name" or "project" or "pulling" or "from" or "of" or "reference" or "ref";

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
            _previousWord = default;
            values.Add(new MessageValue(kind, value));
            offsets.Add(Output.Length);
            if (kind == ValueKind.Reference && value.Length > 0)
            {
                AddKnownParts(value);
            }

            Output.Append(Open);
            Output.Append(Letter(kind));
            Output.Append(Close);
        }

        private void AppendLower(ReadOnlySpan<char> span) => Output.AppendLower(span);
    }

    /// <summary>An append-only character buffer rented from the shared pool; ranges of it stay valid.</summary>
    private sealed class SkeletonBuffer(int capacity) : IDisposable
    {
        private char[] _chars = ArrayPool<char>.Shared.Rent(Math.Max(capacity, 16));

        public int Length { get; private set; }

        public ReadOnlySpan<char> Written => _chars.AsSpan(0, Length);

        public void Append(char ch)
        {
            Reserve(1);
            _chars[Length++] = ch;
        }

        public void Append(ReadOnlySpan<char> span)
        {
            Reserve(span.Length);
            span.CopyTo(_chars.AsSpan(Length));
            Length += span.Length;
        }

        /// <summary>Where wording (never a value) wrote a '4' or a '5': the places an HTTP status can start.</summary>
        public List<int>? StatusDigits { get; private set; }

        public void AppendLower(ReadOnlySpan<char> span)
        {
            Reserve(span.Length);
            foreach (var ch in span)
            {
                if (ch is '4' or '5')
                {
                    (StatusDigits ??= []).Add(Length);
                }

                _chars[Length++] = char.ToLowerInvariant(ch);
            }
        }

        public override string ToString() => new(Written);

        public void Dispose()
        {
            ArrayPool<char>.Shared.Return(_chars);
            _chars = [];
        }

        private void Reserve(int more)
        {
            if (Length + more <= _chars.Length)
            {
                return;
            }

            var larger = ArrayPool<char>.Shared.Rent(Math.Max(_chars.Length * 2, Length + more));
            Written.CopyTo(larger);
            ArrayPool<char>.Shared.Return(_chars);
            _chars = larger;
        }
    }
}
