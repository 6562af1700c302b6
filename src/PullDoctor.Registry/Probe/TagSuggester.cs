using System.Globalization;

namespace PullDoctor.Registry.Probe;

/// <summary>
/// The nearest existing tags to a missing one, at most five. Version-aware first: the longest leading run of version
/// numbers of the missing tag (<c>1.25</c> of <c>1.25.x</c>) is matched against tags that start with it, newest version
/// first, tags with the same suffix (<c>-alpine</c>) preferred; the prefix is shortened until something matches. Then
/// case-insensitive edit distance fills the rest, close matches only.
/// The work is bounded whatever it is handed: only grammatical tags (at most 128 characters) count, at most
/// <see cref="MaxCandidates"/> of them, each split once, and the edit distance gives up as soon as it exceeds the limit.
/// </summary>
public static class TagSuggester
{
    public const int MaxSuggestions = 5;

    /// <summary>As many tags as a probe ever reads (<see cref="RegistryProbeOptions.MaxTags"/>).</summary>
    public const int MaxCandidates = 10_000;

    public static IReadOnlyList<string> Suggest(string missing, IEnumerable<string> existingTags)
    {
        ArgumentNullException.ThrowIfNull(missing);
        ArgumentNullException.ThrowIfNull(existingTags);
        if (!TagName.IsValid(missing))
        {
            return [];
        }

        var tags = existingTags.Where(t => t != missing && TagName.IsValid(t)).Distinct(StringComparer.Ordinal).Take(MaxCandidates)
            .Select(t => (Tag: t, Version: SplitVersion(t), VersionLength: VersionText(t).Length))
            .ToList();
        var result = new List<string>();

        var (numbers, suffix) = SplitVersion(missing);
        for (var length = numbers.Count; length > 0 && result.Count == 0; length--)
        {
            var prefix = numbers.Take(length).ToList();
            var candidates = tags
                .Where(c => c.Version.Numbers.Count >= length && c.Version.Numbers.Take(length).SequenceEqual(prefix)
                            && (c.Tag.Length == c.VersionLength || !char.IsAsciiDigit(c.Tag[c.VersionLength])))
                .OrderBy(c => string.Equals(c.Version.Suffix, suffix, StringComparison.OrdinalIgnoreCase) ? 0 : 1)
                .ThenBy(c => c.Version.Suffix.Length == 0 ? 0 : 1)
                .ThenByDescending(c => c.Version.Numbers, VersionComparer.Instance)
                .ThenBy(c => c.Tag, StringComparer.Ordinal)
                .Select(c => c.Tag);
            result.AddRange(candidates.Take(MaxSuggestions));
        }

        if (result.Count < MaxSuggestions)
        {
            var limit = Math.Max(2, missing.Length / 3);
            var lowered = missing.ToLowerInvariant();
            var near = tags
                .Where(c => !result.Contains(c.Tag) && Math.Abs(c.Tag.Length - missing.Length) <= limit)
                .Select(c => (c.Tag, c.Version, Distance: BoundedLevenshtein(lowered, c.Tag.ToLowerInvariant(), limit)))
                .Where(c => c.Distance <= limit)
                .OrderBy(c => c.Distance)
                .ThenByDescending(c => c.Version.Numbers, VersionComparer.Instance)
                .ThenBy(c => c.Tag, StringComparer.Ordinal)
                .Select(c => c.Tag)
                .Take(MaxSuggestions - result.Count);
            result.AddRange(near);
        }

        return result;
    }

    // "1.25.3-alpine" → ([1, 25, 3], "-alpine"); "v1.2" → ([1, 2], ""); "latest" → ([], "latest").
    private static (List<long> Numbers, string Suffix) SplitVersion(string tag)
    {
        var text = VersionText(tag);
        var numbers = new List<long>();
        foreach (var part in text.TrimStart('v', 'V').Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!long.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            {
                break;
            }

            numbers.Add(n);
        }

        return (numbers, tag[text.Length..].TrimStart('.'));
    }

    // The leading "v1.25.3" part: an optional v, then digits and dots.
    private static string VersionText(string tag)
    {
        var i = tag.Length > 1 && tag[0] is 'v' or 'V' && char.IsAsciiDigit(tag[1]) ? 1 : 0;
        var start = i;
        while (i < tag.Length && (char.IsAsciiDigit(tag[i]) || (tag[i] == '.' && i + 1 < tag.Length && char.IsAsciiDigit(tag[i + 1]))))
        {
            i++;
        }

        return i == start ? string.Empty : tag[..i];
    }

    // Edit distance, or limit + 1 as soon as every cell of a row exceeds the limit (it can only grow from there).
    private static int BoundedLevenshtein(string a, string b, int limit)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            var rowMinimum = current[0];
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
                rowMinimum = Math.Min(rowMinimum, current[j]);
            }

            if (rowMinimum > limit)
            {
                return limit + 1;
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }

    private sealed class VersionComparer : IComparer<List<long>>
    {
        public static VersionComparer Instance { get; } = new();

        public int Compare(List<long>? x, List<long>? y)
        {
            x ??= [];
            y ??= [];
            for (var i = 0; i < Math.Max(x.Count, y.Count); i++)
            {
                var a = i < x.Count ? x[i] : -1;
                var b = i < y.Count ? y[i] : -1;
                if (a != b)
                {
                    return a.CompareTo(b);
                }
            }

            return 0;
        }
    }
}
