using PullDoctor.Testing.Api;

namespace PullDoctor.Testing.Selectors;

/// <summary>
/// A parsed <c>labelSelector</c> in the syntax of apimachinery's labels.Parse:
/// <c>a=b</c>, <c>a==b</c>, <c>a!=b</c>, <c>a in (x,y)</c>, <c>a notin (x)</c>, <c>a</c>, <c>!a</c>, <c>a&gt;1</c>, <c>a&lt;1</c>.
/// </summary>
public sealed class LabelSelector
{
    private readonly Requirement[] _requirements;

    private LabelSelector(Requirement[] requirements) => _requirements = requirements;

    public static LabelSelector Everything { get; } = new([]);

    public bool IsEmpty => _requirements.Length == 0;

    public static LabelSelector Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Everything;
        }

        var requirements = new List<Requirement>();
        foreach (var part in SplitTopLevel(text))
        {
            requirements.Add(ParseRequirement(part.Trim(), text));
        }

        return new LabelSelector(requirements.ToArray());
    }

    public bool Matches(IReadOnlyDictionary<string, string> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        foreach (var r in _requirements)
        {
            if (!r.Matches(labels))
            {
                return false;
            }
        }

        return true;
    }

    private static IEnumerable<string> SplitTopLevel(string text)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '(':
                    depth++;
                    break;
                case ')':
                    depth--;
                    break;
                case ',' when depth == 0:
                    yield return text[start..i];
                    start = i + 1;
                    break;
                default:
                    break;
            }
        }

        yield return text[start..];
    }

    private static Requirement ParseRequirement(string part, string whole)
    {
        if (part.Length == 0)
        {
            throw ApiException.BadRequest($"unable to parse requirement: found '', expected: identifier");
        }

        if (part[0] == '!')
        {
            return new Requirement(CheckKey(part[1..].Trim()), Op.DoesNotExist, []);
        }

        foreach (var (token, op) in new[] { ("!=", Op.NotEquals), ("==", Op.Equals), ("=", Op.Equals), (">", Op.GreaterThan), ("<", Op.LessThan) })
        {
            var at = part.IndexOf(token, StringComparison.Ordinal);
            if (at > 0)
            {
                var key = CheckKey(part[..at].Trim());
                var value = part[(at + token.Length)..].Trim();
                if (op is Op.GreaterThan or Op.LessThan && !long.TryParse(value, out _))
                {
                    throw ApiException.BadRequest($"unable to parse requirement: for 'Gt', 'Lt' operators, the value must be an integer");
                }

                return new Requirement(key, op, [value]);
            }
        }

        var words = part.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (words.Length == 2)
        {
            var rest = words[1];
            Op? setOp = rest.StartsWith("notin", StringComparison.Ordinal) ? Op.NotIn
                : rest.StartsWith("in", StringComparison.Ordinal) ? Op.In : null;
            if (setOp is { } o)
            {
                var list = rest[(o == Op.NotIn ? 5 : 2)..].Trim();
                if (!list.StartsWith('(') || !list.EndsWith(')'))
                {
                    throw ApiException.BadRequest($"unable to parse requirement: found '{list}', expected: '('");
                }

                var values = list[1..^1].Split(',', StringSplitOptions.TrimEntries);
                return new Requirement(CheckKey(words[0]), o, values);
            }

            throw ApiException.BadRequest($"unable to parse requirement: found '{rest}', expected: in, notin, =, ==, !=, gt, lt");
        }

        _ = whole;
        return new Requirement(CheckKey(part), Op.Exists, []);
    }

    private static string CheckKey(string key)
    {
        if (key.Length == 0 || key.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '/')))
        {
            throw ApiException.BadRequest($"unable to parse requirement: invalid label key \"{key}\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character");
        }

        return key;
    }

    private enum Op
    {
        Equals,
        NotEquals,
        In,
        NotIn,
        Exists,
        DoesNotExist,
        GreaterThan,
        LessThan,
    }

    private sealed record Requirement(string Key, Op Operator, string[] Values)
    {
        public bool Matches(IReadOnlyDictionary<string, string> labels)
        {
            var has = labels.TryGetValue(Key, out var value);
            return Operator switch
            {
                Op.Equals => has && value == Values[0],
                Op.NotEquals => !has || value != Values[0],
                Op.In => has && Values.Contains(value),
                Op.NotIn => !has || !Values.Contains(value),
                Op.Exists => has,
                Op.DoesNotExist => !has,
                Op.GreaterThan => has && long.TryParse(value, out var g) && g > long.Parse(Values[0], System.Globalization.CultureInfo.InvariantCulture),
                Op.LessThan => has && long.TryParse(value, out var l) && l < long.Parse(Values[0], System.Globalization.CultureInfo.InvariantCulture),
                _ => false,
            };
        }
    }
}
