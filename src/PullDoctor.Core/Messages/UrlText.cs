namespace PullDoctor.Core.Messages;

/// <summary>
/// The parts of a URL lifted out of a message (<c>scheme://authority/path?query#fragment</c>), read as
/// spans. <see cref="Uri.TryCreate(string, UriKind, out Uri)"/> builds a localized exception text for
/// every URL it refuses, which made it the costliest step of classification; the rules need only the
/// host, the path and the query, as written.
/// </summary>
internal readonly ref struct UrlText
{
    private UrlText(ReadOnlySpan<char> host, ReadOnlySpan<char> path, ReadOnlySpan<char> query)
    {
        Host = host;
        Path = path;
        Query = query;
    }

    /// <summary>The host without user info or port; an IPv6 literal keeps its brackets.</summary>
    public ReadOnlySpan<char> Host { get; }

    /// <summary>The path from its first '/', or empty.</summary>
    public ReadOnlySpan<char> Path { get; }

    /// <summary>The query without its '?', or empty.</summary>
    public ReadOnlySpan<char> Query { get; }

    public static bool TryRead(ReadOnlySpan<char> url, out UrlText parts)
    {
        parts = default;
        var schemeEnd = url.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd <= 0 || !IsScheme(url[..schemeEnd]))
        {
            return false;
        }

        var rest = url[(schemeEnd + 3)..];
        var fragment = rest.IndexOf('#');
        rest = fragment < 0 ? rest : rest[..fragment];
        var authorityEnd = rest.IndexOfAny('/', '?');
        var authority = authorityEnd < 0 ? rest : rest[..authorityEnd];
        var afterAuthority = authorityEnd < 0 ? [] : rest[authorityEnd..];
        var at = authority.LastIndexOf('@');
        var host = at < 0 ? authority : authority[(at + 1)..];
        host = host.Length > 0 && host[0] == '[' ? host[..(host.IndexOf(']') + 1)] : WithoutPort(host);
        if (host.Length == 0)
        {
            return false;
        }

        var queryStart = afterAuthority.IndexOf('?');
        parts = new UrlText(host, queryStart < 0 ? afterAuthority : afterAuthority[..queryStart], queryStart < 0 ? [] : afterAuthority[(queryStart + 1)..]);
        return true;
    }

    private static ReadOnlySpan<char> WithoutPort(ReadOnlySpan<char> host)
    {
        var colon = host.IndexOf(':');
        return colon < 0 ? host : host[..colon];
    }

    // RFC 3986: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )
    private static bool IsScheme(ReadOnlySpan<char> scheme)
    {
        if (!char.IsAsciiLetter(scheme[0]))
        {
            return false;
        }

        foreach (var ch in scheme)
        {
            if (!(char.IsAsciiLetterOrDigit(ch) || ch is '+' or '-' or '.'))
            {
                return false;
            }
        }

        return true;
    }
}
