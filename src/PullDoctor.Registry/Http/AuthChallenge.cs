namespace PullDoctor.Registry.Http;

/// <summary>One challenge of a <c>WWW-Authenticate</c> header, e.g. <c>Bearer realm="…",service="…"</c>.</summary>
/// <param name="Scheme">The auth scheme as sent (compare case-insensitively).</param>
/// <param name="Parameters">Parameters by lower-case name, unquoted and unescaped.</param>
public sealed record AuthChallenge(string Scheme, IReadOnlyDictionary<string, string> Parameters)
{
    public bool IsBearer => string.Equals(Scheme, "Bearer", StringComparison.OrdinalIgnoreCase);

    public bool IsBasic => string.Equals(Scheme, "Basic", StringComparison.OrdinalIgnoreCase);

    public string? this[string name] => Parameters.TryGetValue(name.ToLowerInvariant(), out var value) ? value : null;

    /// <summary>The challenge as evidence: scheme and parameters, quoted.</summary>
    public override string ToString() =>
        Parameters.Count == 0 ? Scheme : Scheme + " " + string.Join(",", Parameters.Select(p => $"{p.Key}=\"{p.Value}\""));
}
