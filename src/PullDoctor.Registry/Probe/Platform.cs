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

    public static Platform Create(string os, string architecture, string? variant = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(os);
        ArgumentException.ThrowIfNullOrWhiteSpace(architecture);
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
        if (parts.Length is < 2 or > 3 || parts.Any(p => p.Length == 0 || !p.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.')))
        {
            return false;
        }

        platform = Create(parts[0], parts[1], parts.Length == 3 ? parts[2] : null);
        return true;
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
