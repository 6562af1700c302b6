namespace PullDoctor.Core.References;

/// <summary>The names Docker Hub goes by; the kubelet, containerd and docker config files each use a different one.</summary>
public static class DockerHub
{
    /// <summary>The canonical domain in normalized references.</summary>
    public const string Domain = "docker.io";

    /// <summary>The legacy domain that normalizes to <see cref="Domain"/>.</summary>
    public const string LegacyDomain = "index.docker.io";

    /// <summary>The host that serves the distribution API.</summary>
    public const string RegistryHost = "registry-1.docker.io";

    /// <summary>The key <c>docker login</c> writes into config.json for Docker Hub.</summary>
    public const string ConfigKey = "https://index.docker.io/v1/";

    /// <summary>The namespace of official images.</summary>
    public const string OfficialPrefix = "library/";
}
