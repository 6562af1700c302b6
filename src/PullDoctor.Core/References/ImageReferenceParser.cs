namespace PullDoctor.Core.References;

/// <summary>
/// Parses image references by the distribution/reference grammar (reference/regexp.go) with
/// Docker's normalization (reference/normalize.go), as the kubelet and containerd apply them.
/// Hand-written rather than one regex so that an invalid reference names the exact part that is
/// wrong; never throws.
/// </summary>
internal static class ImageReferenceParser
{
    // reference/reference.go NameTotalLengthMax; tag grammar [\w][\w.-]{0,127}.
    private const int NameTotalLengthMax = 255;
    private const int TagLengthMax = 128;

    public static ImageReferenceParseResult Parse(string? text) => Parse(text, suggest: true);

    private static ImageReferenceParseResult Parse(string? text, bool suggest)
    {
        var input = text ?? string.Empty;
        var error = Validate(input, out var reference);
        if (error is null)
        {
            return new ImageReferenceParseResult(reference, null);
        }

        var suggestion = suggest ? Suggest(input) : null;
        return new ImageReferenceParseResult(null, new ImageReferenceError(input, error.Value.Reason, error.Value.Part, suggestion));
    }

    private static (string Reason, string? Part)? Validate(string input, out ImageReference? reference)
    {
        reference = null;
        if (string.IsNullOrWhiteSpace(input))
        {
            return ("image reference is empty", null);
        }

        if (input.Trim() != input)
        {
            return ($"image reference has leading or trailing whitespace: \"{input}\"", input);
        }

        var scheme = input.IndexOf("://", StringComparison.Ordinal);
        if (scheme > 0)
        {
            return ($"image reference must not include a URL scheme: \"{input[..(scheme + 3)]}\"", input[..(scheme + 3)]);
        }

        if (input.Length == 64 && input.All(IsLowerHex))
        {
            return ($"invalid repository name \"{input}\": a 64-character hexadecimal string is an image ID, not a reference", input);
        }

        var rest = input;
        string? digest = null;
        var at = rest.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            digest = rest[(at + 1)..];
            rest = rest[..at];
            if (ValidateDigest(digest) is { } digestError)
            {
                return digestError;
            }
        }

        string? tag = null;
        var lastSlash = rest.LastIndexOf('/');
        var colon = rest.IndexOf(':', lastSlash + 1);
        if (colon >= 0)
        {
            tag = rest[(colon + 1)..];
            rest = rest[..colon];
            if (ValidateTag(tag) is { } tagError)
            {
                return tagError;
            }
        }

        if (rest.Length == 0)
        {
            return ("repository name must have at least one component", null);
        }

        var (domain, path) = SplitDomain(rest);
        if (domain is not null && ValidateDomain(domain) is { } domainError)
        {
            return domainError;
        }

        if (ValidatePath(path) is { } pathError)
        {
            return pathError;
        }

        var normalizedDomain = domain is null || domain == DockerHub.LegacyDomain ? DockerHub.Domain : domain;
        if (normalizedDomain == DockerHub.Domain && !path.Contains('/', StringComparison.Ordinal))
        {
            path = DockerHub.OfficialPrefix + path;
        }

        var nameLength = (domain is null ? 0 : domain.Length + 1) + path.Length;
        if (nameLength > NameTotalLengthMax)
        {
            return ($"repository name must not be more than {NameTotalLengthMax} characters (it has {nameLength})", rest);
        }

        reference = new ImageReference(input, normalizedDomain, path, tag, digest);
        return null;
    }

    // reference/normalize.go splitDockerDomain: the first component is a domain only when it has
    // a '.' or ':' or is "localhost", or is not all lower case (newer distribution releases).
    private static (string? Domain, string Path) SplitDomain(string name)
    {
        var slash = name.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return (null, name);
        }

        var first = name[..slash];
        var isDomain = first.Contains('.', StringComparison.Ordinal)
            || first.Contains(':', StringComparison.Ordinal)
            || first == "localhost"
            || first.Any(char.IsAsciiLetterUpper);
        return isDomain ? (first, name[(slash + 1)..]) : (null, name);
    }

    internal static (string, string?)? ValidateDomain(string domain)
    {
        var host = domain;
        string? port = null;
        if (domain.StartsWith('['))
        {
            var close = domain.IndexOf(']', StringComparison.Ordinal);
            if (close < 0 || domain.Length == 2 || !domain[1..close].All(c => char.IsAsciiHexDigit(c) || c == ':'))
            {
                return ($"invalid registry host \"{domain}\": an IPv6 address must be written as [hex:digits]", domain);
            }

            host = domain[..(close + 1)];
            var after = domain[(close + 1)..];
            if (after.Length > 0)
            {
                if (after[0] != ':')
                {
                    return ($"invalid registry host \"{domain}\"", domain);
                }

                port = after[1..];
            }
        }
        else
        {
            var colon = domain.IndexOf(':', StringComparison.Ordinal);
            if (colon >= 0)
            {
                host = domain[..colon];
                port = domain[(colon + 1)..];
            }

            foreach (var component in host.Split('.'))
            {
                if (component.Length == 0 || !component.All(c => char.IsAsciiLetterOrDigit(c) || c == '-')
                    || component[0] == '-' || component[^1] == '-')
                {
                    return ($"invalid registry host \"{host}\": each dot-separated part must be letters, digits and inner hyphens", host);
                }
            }
        }

        if (port is not null && (port.Length == 0 || !port.All(char.IsAsciiDigit)))
        {
            return ($"invalid registry port \"{port}\" in \"{domain}\": a port is digits only", port);
        }

        return null;
    }

    private static (string, string?)? ValidatePath(string path)
    {
        if (path.Any(char.IsAsciiLetterUpper))
        {
            return ($"repository name must be lowercase: \"{path}\"", path);
        }

        foreach (var component in path.Split('/'))
        {
            if (component.Length == 0)
            {
                return ($"repository name \"{path}\" has an empty path component (a doubled or trailing '/')", path);
            }

            var bad = component.FirstOrDefault(c => !(IsLowerAlnum(c) || c is '.' or '_' or '-'));
            if (bad != default)
            {
                return ($"invalid character \"{bad}\" in repository name \"{path}\": only a-z, 0-9 and the separators . _ __ - are allowed", bad.ToString());
            }

            if (!IsLowerAlnum(component[0]) || !IsLowerAlnum(component[^1]))
            {
                return ($"repository path component \"{component}\" must start and end with a letter or digit", component);
            }

            // Separators between alphanumerics: one '.', one '_', exactly "__", or a run of '-'.
            for (var i = 0; i < component.Length;)
            {
                if (IsLowerAlnum(component[i]))
                {
                    i++;
                    continue;
                }

                var start = i;
                while (i < component.Length && !IsLowerAlnum(component[i]))
                {
                    i++;
                }

                var separator = component[start..i];
                if (separator is not ("." or "_" or "__") && separator.Any(c => c != '-'))
                {
                    return ($"invalid separator \"{separator}\" in repository path component \"{component}\"", separator);
                }
            }
        }

        return null;
    }

    internal static (string, string?)? ValidateTag(string tag)
    {
        if (tag.Length == 0)
        {
            return ("tag is empty: remove the trailing ':' or write a tag after it", ":");
        }

        if (tag.Length > TagLengthMax)
        {
            return ($"tag must not be more than {TagLengthMax} characters (it has {tag.Length})", tag);
        }

        if (!IsWordChar(tag[0]))
        {
            return ($"invalid tag \"{tag}\": a tag must start with a letter, digit or '_'", tag);
        }

        var bad = tag.FirstOrDefault(c => !(IsWordChar(c) || c is '.' or '-'));
        if (bad != default)
        {
            return ($"invalid tag \"{tag}\": character \"{bad}\" is not allowed (letters, digits, '_', '.', '-' only)", tag);
        }

        return null;
    }

    // go-digest: algorithm [A-Za-z][A-Za-z0-9]*([+._-][A-Za-z][A-Za-z0-9]*)* ':' hex, where the
    // registered algorithms fix the hex length and require lower case.
    internal static (string, string?)? ValidateDigest(string digest)
    {
        var colon = digest.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            return ($"invalid digest \"{digest}\": expected algorithm:hex, e.g. sha256:<64 hex digits>", digest);
        }

        var algorithm = digest[..colon];
        var hex = digest[(colon + 1)..];
        int? expected = algorithm switch
        {
            "sha256" => 64,
            "sha384" => 96,
            "sha512" => 128,
            _ => null,
        };
        if (expected is null)
        {
            return ($"unsupported digest algorithm \"{algorithm}\" (supported: sha256, sha384, sha512)", algorithm);
        }

        if (!hex.All(IsLowerHex))
        {
            return ($"invalid digest \"{digest}\": the checksum must be lower-case hexadecimal", hex);
        }

        if (hex.Length != expected)
        {
            return ($"invalid digest \"{digest}\": a {algorithm} checksum has {expected} hex digits, not {hex.Length}", hex);
        }

        return null;
    }

    /// <summary>The obvious repairs, applied together; offered only when the result parses.</summary>
    private static string? Suggest(string input)
    {
        var candidate = input.Trim();
        var scheme = candidate.IndexOf("://", StringComparison.Ordinal);
        if (scheme > 0)
        {
            candidate = candidate[(scheme + 3)..];
        }

        candidate = candidate.TrimEnd('/', ':');
        while (candidate.Contains("//", StringComparison.Ordinal))
        {
            candidate = candidate.Replace("//", "/", StringComparison.Ordinal);
        }

        var at = candidate.IndexOf('@', StringComparison.Ordinal);
        var digest = at >= 0 ? candidate[at..].ToLowerInvariant() : string.Empty;
        var name = at >= 0 ? candidate[..at] : candidate;
        var lastSlash = name.LastIndexOf('/');
        var colon = name.IndexOf(':', lastSlash + 1);
        var tag = colon >= 0 ? name[colon..] : string.Empty;
        name = colon >= 0 ? name[..colon] : name;

        // Docker's convention for semver build metadata, which tags cannot carry.
        tag = tag.Replace('+', '_').Trim();
        if (tag == ":")
        {
            tag = string.Empty;
        }

        // Lower-case the repository path but keep a registry host (with a dot, colon or localhost) as written.
        var slash = name.IndexOf('/', StringComparison.Ordinal);
        var first = slash >= 0 ? name[..slash] : string.Empty;
        var keepHost = slash >= 0 && (first.Contains('.', StringComparison.Ordinal) || first.Contains(':', StringComparison.Ordinal) || first == "localhost");
        name = keepHost ? first + name[slash..].ToLowerInvariant() : name.ToLowerInvariant();

        var fixedText = name + tag + digest;
        return fixedText != input && Parse(fixedText, suggest: false).IsValid ? fixedText : null;
    }

    private static bool IsLowerAlnum(char c) => char.IsAsciiDigit(c) || char.IsAsciiLetterLower(c);

    private static bool IsLowerHex(char c) => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f';

    private static bool IsWordChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';
}
