using System.Diagnostics.CodeAnalysis;

namespace PullDoctor.Core.References;

/// <summary>
/// The distribution grammar for the parts of a reference, for values that arrive on their own (a tag from a
/// registry's tag list, a host from a runtime message) and must be checked before they are shown or suggested.
/// </summary>
public static class ReferenceGrammar
{
    /// <summary>A tag: <c>[A-Za-z0-9_][A-Za-z0-9._-]{0,127}</c>.</summary>
    public static bool IsTag([NotNullWhen(true)] string? tag) => tag is not null && ImageReferenceParser.ValidateTag(tag) is null;

    /// <summary>A registry host as references write it: DNS name or [IPv6], with an optional port.</summary>
    public static bool IsHost([NotNullWhen(true)] string? host) =>
        !string.IsNullOrEmpty(host) && host.Length <= MaxHostLength && ImageReferenceParser.ValidateDomain(host) is null;

    /// <summary>A digest of a registered algorithm (sha256, sha384, sha512) in lower-case hex of the right length.</summary>
    public static bool IsDigest([NotNullWhen(true)] string? digest) => digest is not null && ImageReferenceParser.ValidateDigest(digest) is null;

    /// <summary>
    /// A platform <c>os/arch[/variant]</c> as OCI indexes and node labels write them: each part 1–32 of
    /// <c>[a-z0-9_.-]</c>, starting with a letter or digit.
    /// </summary>
    public static bool IsPlatform([NotNullWhen(true)] string? platform)
    {
        if (string.IsNullOrEmpty(platform) || platform.Length > 3 * 33)
        {
            return false;
        }

        var parts = platform.Split('/');
        return parts.Length is 2 or 3 && parts.All(IsPlatformPart);
    }

    private const int MaxHostLength = 255;

    private static bool IsPlatformPart(string part) =>
        part.Length is > 0 and <= 32
        && char.IsAsciiLetterOrDigit(part[0])
        && part.All(c => char.IsAsciiDigit(c) || char.IsAsciiLetterLower(c) || c is '_' or '.' or '-');
}
