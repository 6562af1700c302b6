namespace PullDoctor.Core.Classification;

/// <summary>A keyword table compiled to keyword ids: one keyword search per skeleton, then the first line that holds.</summary>
internal sealed class KeywordTable<T>
{
    private readonly IReadOnlyList<KeywordRule<T>> _rules;
    private readonly (int[] AnyOf, int[] AllOf, int[] NoneOf)[] _compiled;
    private readonly KeywordMatcher _matcher;

    public KeywordTable(IReadOnlyList<KeywordRule<T>> rules)
    {
        _rules = rules;
        var keywords = rules.SelectMany(r => r.AnyOf.Concat(r.AllOf ?? []).Concat(r.NoneOf ?? [])).Distinct(StringComparer.Ordinal).ToList();
        var ids = keywords.Select((keyword, id) => (keyword, id)).ToDictionary(k => k.keyword, k => k.id, StringComparer.Ordinal);
        int[] Ids(string[]? words) => (words ?? []).Select(w => ids[w]).ToArray();
        _compiled = rules.Select(r => (Ids(r.AnyOf), Ids(r.AllOf), Ids(r.NoneOf))).ToArray();
        _matcher = new KeywordMatcher(keywords);
    }

    public IReadOnlyList<string> Keywords => _matcher.Keywords;

    /// <summary>The first line that holds for <paramref name="skeleton"/>, or null.</summary>
    public KeywordRule<T>? FirstMatch(string skeleton)
    {
        if (skeleton.Length == 0)
        {
            return null;
        }

        Span<bool> found = stackalloc bool[_matcher.Keywords.Count];
        _matcher.Find(skeleton, found);
        for (var i = 0; i < _compiled.Length; i++)
        {
            var (anyOf, allOf, noneOf) = _compiled[i];
            if (AnyFound(anyOf, found) && AllFound(allOf, found) && !AnyFound(noneOf, found))
            {
                return _rules[i];
            }
        }

        return null;
    }

    private static bool AnyFound(int[] ids, Span<bool> found)
    {
        foreach (var id in ids)
        {
            if (found[id])
            {
                return true;
            }
        }

        return false;
    }

    private static bool AllFound(int[] ids, Span<bool> found)
    {
        foreach (var id in ids)
        {
            if (!found[id])
            {
                return false;
            }
        }

        return true;
    }
}
