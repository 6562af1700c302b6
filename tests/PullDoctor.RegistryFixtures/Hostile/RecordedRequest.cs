namespace PullDoctor.RegistryFixtures.Hostile;

/// <summary>One request a <see cref="HostileRegistry"/> received: request line, headers and body, as sent.</summary>
public sealed record RecordedRequest(string Method, string Target, IReadOnlyDictionary<string, string> Headers, string Body)
{
    /// <summary>The target without its query.</summary>
    public string Path => Target.Split('?', 2)[0];

    public string? Authorization => Headers.TryGetValue("Authorization", out var value) ? value : null;

    public override string ToString() => $"{Method} {Target}{(Authorization is null ? string.Empty : " (Authorization: " + Authorization + ")")}";
}
