namespace PullDoctor.Registry.Credentials;

/// <summary>One config entry that applies to an image, in the order the kubelet would try it.</summary>
/// <param name="ConfigIndex">Which of the given configs (secrets) it came from.</param>
/// <param name="Entry">The entry (its credential prints redacted).</param>
/// <param name="IndexKey">The key as the kubelet indexes it, e.g. <c>index.docker.io</c> for <c>https://index.docker.io/v1/</c>.</param>
public sealed record KeyringCandidate(int ConfigIndex, DockerConfigEntry Entry, string IndexKey);
