namespace PullDoctor.Registry.Credentials;

/// <summary>
/// One entry of a docker config (<c>auths</c> of <c>.dockerconfigjson</c>, or the legacy <c>.dockercfg</c> map).
/// </summary>
/// <param name="Key">The key as written, e.g. <c>https://index.docker.io/v1/</c> or <c>*.example.com:5000</c>.</param>
/// <param name="Credential">The credential, or null when the entry cannot be used (see <paramref name="Problem"/>).</param>
/// <param name="Problem">Why the entry cannot be used, e.g. "the auth field is not valid base64"; never secret content.</param>
public sealed record DockerConfigEntry(string Key, RegistryCredential? Credential, string? Problem = null)
{
    public bool IsUsable => Credential is not null && Problem is null;
}
