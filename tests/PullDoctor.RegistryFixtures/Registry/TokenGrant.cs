namespace PullDoctor.RegistryFixtures;

/// <summary>
/// What the test token issuer grants: <paramref name="Subject"/> may perform <paramref name="Actions"/>
/// (<c>pull</c>, <c>push</c>, <c>delete</c> or <c>*</c>) on repositories matching
/// <paramref name="RepositoryPattern"/> (an exact name, a prefix ending in <c>*</c>, or <c>*</c>).
/// </summary>
/// <param name="Subject">A user name, <see cref="Anonymous"/> for requests without credentials, or
/// <see cref="AnyUser"/> for every authenticated user.</param>
public sealed record TokenGrant(string Subject, string RepositoryPattern, IReadOnlyList<string> Actions)
{
    /// <summary>The subject of token requests that carry no credentials.</summary>
    public const string Anonymous = "";

    /// <summary>Every user who authenticated successfully.</summary>
    public const string AnyUser = "*";

    public TokenGrant(string subject, string repositoryPattern, params string[] actions)
        : this(subject, repositoryPattern, (IReadOnlyList<string>)actions)
    {
    }

    internal bool AppliesTo(string subject, string repository) =>
        (Subject == subject || (Subject == AnyUser && subject.Length > 0)) && Matches(RepositoryPattern, repository);

    internal static bool Matches(string pattern, string repository) =>
        pattern.EndsWith('*')
            ? repository.StartsWith(pattern[..^1], StringComparison.Ordinal)
            : string.Equals(pattern, repository, StringComparison.Ordinal);
}
