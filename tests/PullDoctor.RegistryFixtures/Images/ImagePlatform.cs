namespace PullDoctor.RegistryFixtures;

/// <summary>An OCI platform (os, architecture, optional variant), written <c>os/arch[/variant]</c>.</summary>
public sealed record ImagePlatform(string Os, string Architecture, string? Variant = null)
{
    public static ImagePlatform Parse(string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(value);
        var parts = value.Split('/');
        return parts.Length switch
        {
            2 => new ImagePlatform(parts[0], parts[1]),
            3 => new ImagePlatform(parts[0], parts[1], parts[2]),
            _ => throw new FormatException($"'{value}' is not os/arch or os/arch/variant."),
        };
    }

    public override string ToString() => Variant is null ? $"{Os}/{Architecture}" : $"{Os}/{Architecture}/{Variant}";
}
