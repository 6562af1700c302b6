namespace PullDoctor.Registry.Probe;

/// <summary>
/// A last line of defence: replaces every known secret form (password, its base64 and URL-encoded forms, identity
/// token, tokens obtained) in text that leaves the probe, in case a registry echoes one back in an error message.
/// </summary>
internal sealed class SecretScrubber
{
    private const string Mask = "***";
    private readonly List<string> _secrets = [];

    public void Add(string? secret)
    {
        // Very short secrets would mangle ordinary words; they cannot be told apart from text anyway.
        if (secret is { Length: >= 4 } && !_secrets.Contains(secret))
        {
            _secrets.Add(secret);
            _secrets.Sort((a, b) => b.Length.CompareTo(a.Length));
        }
    }

    public void AddRange(IEnumerable<string> secrets)
    {
        foreach (var secret in secrets)
        {
            Add(secret);
        }
    }

    public string Scrub(string text)
    {
        foreach (var secret in _secrets)
        {
            text = text.Replace(secret, Mask, StringComparison.Ordinal);
        }

        return text;
    }

    public string? ScrubOrNull(string? text) => text is null ? null : Scrub(text);

    /// <summary>True when <paramref name="text"/> contains a secret: such a tag or platform name is dropped, not masked.</summary>
    public bool Reveals(string text) => _secrets.Any(secret => text.Contains(secret, StringComparison.Ordinal));
}
