namespace PullDoctor.Registry.Credentials;

/// <summary>The entries of one pull secret (or docker config file), in the order they were written.</summary>
public sealed record DockerConfig(IReadOnlyList<DockerConfigEntry> Entries)
{
    public static readonly DockerConfig Empty = new([]);
}
