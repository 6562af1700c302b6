namespace PullDoctor.Registry.Credentials;

/// <summary>
/// A schemeless registry URL split the way the kubelet splits it (keyring.go <c>parseSchemelessURL</c>,
/// <c>splitURL</c>): host labels, port (empty when none) and path.
/// </summary>
internal sealed record RegistryKey(string Host, string Port, string Path)
{
    public string[] Labels => Host.Split('.');

    public string Authority => Port.Length == 0 ? Host : $"{Host}:{Port}";

    /// <summary>
    /// The index key a config entry becomes (keyring.go <c>Add</c>): scheme dropped, <c>/v1/</c> and <c>/v2/</c>
    /// treated as the host itself, any other path kept for prefix matching.
    /// </summary>
    public static string? IndexKeyOf(string configKey)
    {
        var value = configKey;
        if (!value.StartsWith("https://", StringComparison.Ordinal) && !value.StartsWith("http://", StringComparison.Ordinal))
        {
            value = "https://" + value;
        }

        var parsed = TryParseUrl(value);
        if (parsed is null)
        {
            return null;
        }

        var (authority, path) = parsed.Value;
        if (path.StartsWith("/v2/", StringComparison.Ordinal) || path.StartsWith("/v1/", StringComparison.Ordinal))
        {
            path = path[3..];
        }

        return path.Length > 0 && path != "/" ? authority + path : authority;
    }

    /// <summary>Parses a schemeless <c>host[:port][/path]</c>; null when it is no URL at all.</summary>
    public static RegistryKey? ParseSchemeless(string text)
    {
        var parsed = TryParseUrl("https://" + text);
        if (parsed is null)
        {
            return null;
        }

        var (authority, path) = parsed.Value;
        var (host, port) = SplitHostPort(authority);
        return new RegistryKey(host, port, path);
    }

    // Go's net.SplitHostPort: "[::1]:5000" and "host:5000" split; anything else is all host, no port.
    private static (string Host, string Port) SplitHostPort(string authority)
    {
        if (authority.StartsWith('['))
        {
            var close = authority.IndexOf(']', StringComparison.Ordinal);
            if (close > 0 && close + 1 < authority.Length && authority[close + 1] == ':')
            {
                return (authority[1..close], authority[(close + 2)..]);
            }

            return (authority, string.Empty);
        }

        var colon = authority.LastIndexOf(':');
        if (colon < 0 || authority.IndexOf(':', StringComparison.Ordinal) != colon)
        {
            return (authority, string.Empty);
        }

        return (authority[..colon], authority[(colon + 1)..]);
    }

    // Enough of Go's url.Parse for registry keys: scheme://[userinfo@]host[:port][/path][?query][#fragment].
    private static (string Authority, string Path)? TryParseUrl(string url)
    {
        var schemeEnd = url.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd < 0)
        {
            return null;
        }

        var rest = url[(schemeEnd + 3)..];
        var end = rest.IndexOfAny(['?', '#']);
        if (end >= 0)
        {
            rest = rest[..end];
        }

        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var authority = slash < 0 ? rest : rest[..slash];
        var path = slash < 0 ? string.Empty : rest[slash..];
        var at = authority.LastIndexOf('@');
        if (at >= 0)
        {
            authority = authority[(at + 1)..];
        }

        if (authority.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)) || path.Any(char.IsControl))
        {
            return null;
        }

        return (authority, path);
    }
}
