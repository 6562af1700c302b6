using System.Diagnostics.CodeAnalysis;

namespace PullDoctor.Registry.Probe;

/// <summary>
/// An OS/architecture[/variant] as containerd's platforms package normalizes it: <c>x86_64</c> is <c>amd64</c>,
/// <c>aarch64</c> is <c>arm64</c> (whose default variant <c>v8</c> is dropped), <c>arm</c> defaults to <c>v7</c>,
/// <c>i386</c> is <c>386</c>.
/// </summary>
public sealed record Platform
{
    private Platform(string os, string architecture, string? variant)
    {
        Os = os;
        Architecture = architecture;
        Variant = variant;
    }

    public string Os { get; }

    public string Architecture { get; }

    public string? Variant { get; }

    /// <summary>At most this many characters per part; every part is <c>[a-z0-9_.-]</c>.</summary>
    public const int MaxPartLength = 32;

    /// <summary>Creates a platform; throws <see cref="ArgumentException"/> when a part is outside its grammar.</summary>
    public static Platform Create(string os, string architecture, string? variant = null) =>
        TryCreate(os, architecture, variant, out var platform)
            ? platform
            : throw new ArgumentException($"not a platform: each part must be 1 to {MaxPartLength} characters of a-z, 0-9, '_', '.', '-'");

    /// <summary>
    /// Creates a platform from parts a registry or a person wrote; false unless each part (lower-cased) is 1 to
    /// <see cref="MaxPartLength"/> characters of <c>[a-z0-9_.-]</c>, so no platform name can carry markup, commands or bulk.
    /// </summary>
    public static bool TryCreate(string? os, string? architecture, string? variant, [NotNullWhen(true)] out Platform? platform)
    {
        platform = null;
        if (!IsPart(os) || !IsPart(architecture) || (!string.IsNullOrEmpty(variant) && !IsPart(variant)))
        {
            return false;
        }

        platform = CreateNormalized(os!, architecture!, variant);
        return true;
    }

    private static bool IsPart(string? part) =>
        part is { Length: > 0 and <= MaxPartLength } && part.All(c => char.IsAsciiDigit(c) || char.IsAsciiLetterLower(c) || char.IsAsciiLetterUpper(c) || c is '_' or '.' or '-');

    private static Platform CreateNormalized(string os, string architecture, string? variant)
    {
        var (arch, normalizedVariant) = NormalizeArchitecture(architecture.Trim().ToLowerInvariant(), variant?.Trim().ToLowerInvariant());
        var normalizedOs = os.Trim().ToLowerInvariant() switch
        {
            "macos" => "darwin",
            var other => other,
        };
        return new Platform(normalizedOs, arch, normalizedVariant);
    }

    /// <summary>Parses <c>linux/arm64</c>, <c>linux/arm/v7</c>, <c>linux/amd64</c>; false for anything else.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out Platform? platform)
    {
        platform = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var parts = text.Trim().Split('/');
        return parts.Length is 2 or 3 && TryCreate(parts[0], parts[1], parts.Length == 3 ? parts[2] : null, out platform);
    }

    /// <summary>
    /// Whether an image built for <paramref name="candidate"/> runs here, as containerd's default matcher decides:
    /// same OS and architecture; for <c>arm</c> an older variant also runs (v7 runs v6 and v5); otherwise variants must be equal.
    /// </summary>
    public bool Accepts(Platform candidate)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        if (candidate.Os != Os || candidate.Architecture != Architecture)
        {
            return false;
        }

        if (candidate.Variant == Variant)
        {
            return true;
        }

        if (Architecture is "arm" && VariantNumber(candidate.Variant) is { } theirs && VariantNumber(Variant) is { } ours)
        {
            return theirs <= ours;
        }

        // An image entry without a variant runs on any variant of its architecture.
        return candidate.Variant is null;
    }

    public override string ToString() => Variant is null ? $"{Os}/{Architecture}" : $"{Os}/{Architecture}/{Variant}";

    private static (string Architecture, string? Variant) NormalizeArchitecture(string architecture, string? variant)
    {
        variant = string.IsNullOrEmpty(variant) ? null : variant;
        switch (architecture)
        {
            case "i386":
                return ("386", null);
            case "x86_64" or "x86-64" or "amd64":
                return ("amd64", variant is "v1" ? null : variant);
            case "aarch64" or "arm64":
                return ("arm64", variant is "8" or "v8" ? null : variant);
            case "armhf":
                return ("arm", "v7");
            case "armel":
                return ("arm", "v6");
            case "arm":
                return ("arm", variant switch
                {
                    null or "7" => "v7",
                    "5" or "6" or "8" => "v" + variant,
                    _ => variant,
                });
            default:
                return (architecture, variant);
        }
    }

    private static int? VariantNumber(string? variant) =>
        variant is { Length: > 1 } && variant[0] == 'v' && int.TryParse(variant.AsSpan(1), out var n) ? n : null;
}
