using System.Buffers;

namespace PullDoctor.Core.Classification;

/// <summary>
/// Finds which of the rule table's keywords occur in a message in one pass (SearchValues runs a
/// multi-string search), so the cost of classification does not grow with the number of rules.
/// </summary>
internal sealed class KeywordMatcher
{
    private readonly SearchValues<string> _search;
    private readonly Dictionary<char, (string Keyword, int Id)[]> _byFirstChar;

    public KeywordMatcher(IReadOnlyList<string> keywords)
    {
        Keywords = keywords;
        _search = SearchValues.Create(keywords.ToArray(), StringComparison.Ordinal);
        _byFirstChar = keywords.Select((keyword, id) => (keyword, id))
            .GroupBy(k => k.keyword[0])
            .ToDictionary(g => g.Key, g => g.ToArray());
    }

    public IReadOnlyList<string> Keywords { get; }

    /// <summary>Marks in <paramref name="found"/> every keyword that occurs in <paramref name="text"/>.</summary>
    public void Find(ReadOnlySpan<char> text, Span<bool> found)
    {
        var offset = 0;
        while (offset < text.Length)
        {
            var at = text[offset..].IndexOfAny(_search);
            if (at < 0)
            {
                return;
            }

            var position = offset + at;
            foreach (var (keyword, id) in _byFirstChar[text[position]])
            {
                if (text[position..].StartsWith(keyword, StringComparison.Ordinal))
                {
                    found[id] = true;
                }
            }

            offset = position + 1;
        }
    }
}
