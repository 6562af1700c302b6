namespace PullDoctor.RegistryFixtures;

/// <summary>The platforms tests usually need.</summary>
public static class ImagePlatforms
{
    public static ImagePlatform LinuxAmd64 { get; } = new("linux", "amd64");

    public static ImagePlatform LinuxArm64 { get; } = new("linux", "arm64", "v8");

    public static ImagePlatform LinuxArmV7 { get; } = new("linux", "arm", "v7");

    public static ImagePlatform LinuxS390x { get; } = new("linux", "s390x");

    public static ImagePlatform WindowsAmd64 { get; } = new("windows", "amd64");

    /// <summary>What a usual multi-arch image offers: linux/amd64 and linux/arm64/v8.</summary>
    public static IReadOnlyList<ImagePlatform> MultiArch { get; } = [LinuxAmd64, LinuxArm64];
}
