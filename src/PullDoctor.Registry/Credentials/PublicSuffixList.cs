using System.Globalization;

namespace PullDoctor.Registry.Credentials;

/// <summary>
/// The Public Suffix List (publicsuffix.org, ICANN and private sections), embedded as data: the list Debian ships
/// in its <c>publicsuffix</c> package (see <c>Data/README.md</c> for the version and how to refresh it). No
/// maintained NuGet package for it is served, so the lookup is ours; it follows the list's algorithm exactly
/// (exception rules win, otherwise the rule with most labels, otherwise <c>*</c>) and is tested with the list's
/// own test vectors.
/// </summary>
internal sealed class PublicSuffixList
{
    private const string ResourceName = "PullDoctor.Registry.public_suffix_list.dat";
    private static readonly Lazy<PublicSuffixList> Embedded = new(LoadEmbedded);
    private static readonly IdnMapping Idn = new() { AllowUnassigned = false, UseStd3AsciiRules = false };

    private readonly HashSet<string> _rules;
    private readonly HashSet<string> _wildcards;
    private readonly HashSet<string> _exceptions;

    private PublicSuffixList(HashSet<string> rules, HashSet<string> wildcards, HashSet<string> exceptions)
    {
        _rules = rules;
        _wildcards = wildcards;
        _exceptions = exceptions;
    }

    /// <summary>The embedded list, parsed once.</summary>
    public static PublicSuffixList Default => Embedded.Value;

    /// <summary>The number of rules, for tests that the data was loaded.</summary>
    public int Count => _rules.Count + _wildcards.Count + _exceptions.Count;

    /// <summary>Parses the list's text format: one rule per line, <c>//</c> comments, <c>*.</c> wildcards, <c>!</c>
    /// exceptions; rules with non-ASCII labels are kept in their ASCII (punycode) form.</summary>
    public static PublicSuffixList Parse(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        HashSet<string> rules = new(StringComparer.Ordinal), wildcards = new(StringComparer.Ordinal), exceptions = new(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            // The format: a rule is the line up to its first whitespace; comments start a line.
            var rule = line.Trim();
            var space = rule.IndexOfAny([' ', '\t']);
            rule = space < 0 ? rule : rule[..space];
            if (rule.Length == 0 || rule.StartsWith("//", StringComparison.Ordinal))
            {
                continue;
            }

            if (rule.StartsWith('!'))
            {
                exceptions.Add(ToAscii(rule[1..]));
            }
            else if (rule.StartsWith("*.", StringComparison.Ordinal))
            {
                wildcards.Add(ToAscii(rule[2..]));
            }
            else
            {
                rules.Add(ToAscii(rule));
            }
        }

        return new PublicSuffixList(rules, wildcards, exceptions);
    }

    /// <summary>
    /// The registrable domain (the public suffix and one more label) of an ASCII host name, lower-cased; null when
    /// the name is itself a public suffix, has an empty label, or is not a DNS name.
    /// </summary>
    public string? RegistrableDomain(string host)
    {
        ArgumentNullException.ThrowIfNull(host);
        var name = host.EndsWith('.') ? host[..^1] : host;
        if (name.Length == 0 || name.Length > 253)
        {
            return null;
        }

        name = name.ToLowerInvariant();
        var labels = name.Split('.');
        if (labels.Any(l => l.Length == 0))
        {
            return null;
        }

        var suffixLabels = SuffixLabelCount(labels);
        return labels.Length <= suffixLabels ? null : string.Join('.', labels[^(suffixLabels + 1)..]);
    }

    private int SuffixLabelCount(string[] labels)
    {
        // Exception rules take priority; the longest one is found first.
        for (var i = 0; i < labels.Length; i++)
        {
            if (_exceptions.Contains(string.Join('.', labels[i..])))
            {
                return labels.Length - i - 1;
            }
        }

        // Otherwise the matching rule with most labels; with none, the implicit "*" (the last label).
        for (var i = 0; i < labels.Length; i++)
        {
            var candidate = string.Join('.', labels[i..]);
            if (i > 0 && _wildcards.Contains(candidate))
            {
                return labels.Length - i + 1;
            }

            if (_rules.Contains(candidate))
            {
                return labels.Length - i;
            }
        }

        return 1;
    }

    private static string ToAscii(string rule) =>
        rule.All(char.IsAscii) ? rule.ToLowerInvariant() : Idn.GetAscii(rule).ToLowerInvariant();

    private static PublicSuffixList LoadEmbedded()
    {
        using var stream = typeof(PublicSuffixList).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"the embedded resource {ResourceName} is missing from the build");
        using var reader = new StreamReader(stream);
        return Parse(reader);
    }
}
