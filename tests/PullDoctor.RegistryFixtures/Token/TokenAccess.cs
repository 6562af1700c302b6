namespace PullDoctor.RegistryFixtures;

/// <summary>One entry of a token's <c>access</c> claim, e.g. <c>repository</c> / <c>team/app</c> / <c>[pull]</c>.</summary>
public sealed record TokenAccess(string Type, string Name, IReadOnlyList<string> Actions)
{
    public static TokenAccess Repository(string name, params string[] actions) => new("repository", name, actions);

    /// <summary>Parses a scope as sent to the token endpoint: <c>type:name:action[,action]</c>.</summary>
    public static TokenAccess? ParseScope(string scope)
    {
        var first = scope.IndexOf(':', StringComparison.Ordinal);
        var last = scope.LastIndexOf(':');
        if (first <= 0 || last <= first)
        {
            return null;
        }

        var actions = scope[(last + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return new TokenAccess(scope[..first], scope[(first + 1)..last], actions);
    }

    public override string ToString() => $"{Type}:{Name}:{string.Join(',', Actions)}";
}
