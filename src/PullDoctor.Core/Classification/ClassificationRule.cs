using PullDoctor.Core.Causes;

namespace PullDoctor.Core.Classification;

/// <summary>
/// One row of the rule table: the message (lower-cased) matches when it contains any of
/// <see cref="AnyOf"/>, and, when given, all of <see cref="AllOf"/>, and none of <see cref="NoneOf"/>.
/// Plain substring tests keep classification fast and the table readable.
/// </summary>
internal sealed record ClassificationRule(string Id, CauseCode Cause, string[] AnyOf, string[]? AllOf = null, string[]? NoneOf = null)
{
    public bool Matches(string lowered)
    {
        if (!ContainsAny(lowered, AnyOf))
        {
            return false;
        }

        if (AllOf is not null && !AllOf.All(keyword => lowered.Contains(keyword, StringComparison.Ordinal)))
        {
            return false;
        }

        return NoneOf is null || !ContainsAny(lowered, NoneOf);
    }

    private static bool ContainsAny(string lowered, string[] keywords)
    {
        foreach (var keyword in keywords)
        {
            if (lowered.Contains(keyword, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
