using System.Text;
using PullDoctor.Testing.Api;

namespace PullDoctor.Testing.Selectors;

/// <summary>
/// A parsed <c>fieldSelector</c> (<c>a=b</c>, <c>a==b</c>, <c>a!=b</c>, comma-separated, with
/// backslash escapes), matched against the field labels a resource supports.
/// </summary>
public sealed class FieldSelector
{
    private readonly (string Field, bool Equal, string Value)[] _terms;

    private FieldSelector((string, bool, string)[] terms) => _terms = terms;

    public static FieldSelector Everything { get; } = new([]);

    public bool IsEmpty => _terms.Length == 0;

    public IEnumerable<string> Fields => _terms.Select(t => t.Field);

    /// <summary>The value of an <c>a=b</c> term, so a handler can narrow the scan (metadata.name, metadata.namespace).</summary>
    public string? RequiredValue(string field) =>
        _terms.FirstOrDefault(t => t.Equal && t.Field == field) is { Field: not null } term ? term.Value : null;

    public static FieldSelector Parse(string? text, Func<string, string>? mapLabel = null)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Everything;
        }

        var terms = new List<(string, bool, string)>();
        foreach (var raw in SplitUnescaped(text, ','))
        {
            if (raw.Length == 0)
            {
                continue;
            }

            var (field, equal, value) = ParseTerm(raw);
            terms.Add((mapLabel is null ? field : mapLabel(field), equal, value));
        }

        return new FieldSelector(terms.ToArray());
    }

    /// <summary>Throws 400 like kube-apiserver when a term names a field this resource cannot select on.</summary>
    public void Validate(ICollection<string> supported)
    {
        ArgumentNullException.ThrowIfNull(supported);
        foreach (var (field, _, _) in _terms)
        {
            if (!supported.Contains(field))
            {
                throw ApiException.BadRequest($"field label not supported: {field}");
            }
        }
    }

    public bool Matches(IReadOnlyDictionary<string, string?> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        foreach (var (field, equal, value) in _terms)
        {
            fields.TryGetValue(field, out var actual);
            if ((actual ?? string.Empty) == value != equal)
            {
                return false;
            }
        }

        return true;
    }

    private static (string, bool, string) ParseTerm(string term)
    {
        for (var i = 0; i < term.Length; i++)
        {
            if (term[i] == '\\')
            {
                i++;
                continue;
            }

            if (term[i] == '!' && i + 1 < term.Length && term[i + 1] == '=')
            {
                return (term[..i].Trim(), false, Unescape(term[(i + 2)..]));
            }

            if (term[i] == '=')
            {
                var skip = i + 1 < term.Length && term[i + 1] == '=' ? 2 : 1;
                return (term[..i].Trim(), true, Unescape(term[(i + skip)..]));
            }
        }

        throw ApiException.BadRequest($"invalid selector: '{term}'; can't understand '{term}'");
    }

    private static IEnumerable<string> SplitUnescaped(string text, char separator)
    {
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\')
            {
                i++;
            }
            else if (text[i] == separator)
            {
                yield return text[start..i];
                start = i + 1;
            }
        }

        yield return text[start..];
    }

    private static string Unescape(string value)
    {
        if (!value.Contains('\\', StringComparison.Ordinal))
        {
            return value;
        }

        var sb = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '\\' && i + 1 < value.Length)
            {
                i++;
            }

            sb.Append(value[i]);
        }

        return sb.ToString();
    }
}
