namespace PullDoctor.Core.Classification;

/// <summary>
/// Finds which of the rule table's keywords occur in a message in one pass over it: an Aho–Corasick
/// automaton with every transition precomputed, so each character costs one table lookup whatever
/// the number of rules. (Restarting a multi-string search after every hit, as a plain
/// <c>IndexOfAny</c> loop does, cost more than everything else in classification together.)
/// In a keyword, a placeholder (<c>‹R›</c>) stands for a value of any kind.
/// </summary>
internal sealed class KeywordMatcher
{
    // Characters that occur in no keyword share symbol 0; from any state it leads back to the root.
    private readonly ushort[] _symbolOf = new ushort[char.MaxValue + 1];
    private readonly int _alphabet;
    private readonly int[] _next;
    private readonly int[][] _outputs;

    public KeywordMatcher(IReadOnlyList<string> keywords)
    {
        Keywords = keywords;
        var symbols = 1;
        foreach (var keyword in keywords)
        {
            if (keyword.Length == 0)
            {
                throw new ArgumentException("A keyword must not be empty.", nameof(keywords));
            }

            foreach (var ch in keyword)
            {
                if (_symbolOf[ch] == 0)
                {
                    _symbolOf[ch] = checked((ushort)symbols++);
                    if (char.IsAsciiLetterUpper(ch))
                    {
                        // Upper case occurs in a skeleton only as a placeholder's kind letter, and the
                        // kind a value was given never decides a rule: "tag ‹X› not found" holds for a tag
                        // that looks like a host (‹H›) as for any other. All 26 letters are one symbol.
                        for (var letter = 'A'; letter <= 'Z'; letter++)
                        {
                            _symbolOf[letter] = _symbolOf[ch];
                        }
                    }
                }
            }
        }

        _alphabet = symbols;
        var children = new List<int[]> { NewState() };
        var ends = new List<List<int>> { new() };
        for (var id = 0; id < keywords.Count; id++)
        {
            var state = 0;
            foreach (var ch in keywords[id])
            {
                var symbol = _symbolOf[ch];
                if (children[state][symbol] < 0)
                {
                    children[state][symbol] = children.Count;
                    children.Add(NewState());
                    ends.Add([]);
                }

                state = children[state][symbol];
            }

            ends[state].Add(id);
        }

        // Breadth first, so that a state's failure link is complete before its children need it.
        _next = new int[children.Count * _alphabet];
        _outputs = new int[children.Count][];
        var failure = new int[children.Count];
        var queue = new Queue<int>();
        queue.Enqueue(0);
        while (queue.Count > 0)
        {
            var state = queue.Dequeue();
            var outputs = ends[state];
            if (state != 0)
            {
                outputs.AddRange(_outputs[failure[state]]);
            }

            _outputs[state] = [.. outputs.Distinct()];
            for (var symbol = 0; symbol < _alphabet; symbol++)
            {
                var child = children[state][symbol];
                if (child >= 0)
                {
                    failure[child] = state == 0 ? 0 : _next[(failure[state] * _alphabet) + symbol];
                    _next[(state * _alphabet) + symbol] = child;
                    queue.Enqueue(child);
                }
                else
                {
                    _next[(state * _alphabet) + symbol] = state == 0 ? 0 : _next[(failure[state] * _alphabet) + symbol];
                }
            }
        }

        int[] NewState() => Enumerable.Repeat(-1, _alphabet).ToArray();
    }

    public IReadOnlyList<string> Keywords { get; }

    /// <summary>Marks in <paramref name="found"/> every keyword that occurs in <paramref name="text"/>.</summary>
    public void Find(ReadOnlySpan<char> text, Span<bool> found)
    {
        var next = _next;
        var symbolOf = _symbolOf;
        var alphabet = _alphabet;
        var state = 0;
        foreach (var ch in text)
        {
            state = next[(state * alphabet) + symbolOf[ch]];
            var outputs = _outputs[state];
            for (var i = 0; i < outputs.Length; i++)
            {
                found[outputs[i]] = true;
            }
        }
    }
}
