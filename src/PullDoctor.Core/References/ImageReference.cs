using System.Diagnostics.CodeAnalysis;

namespace PullDoctor.Core.References;

/// <summary>
/// A parsed container image reference, normalized the way the kubelet and containerd normalize it
/// (distribution/reference <c>ParseNormalizedNamed</c>): <c>nginx</c> is
/// <c>docker.io/library/nginx:latest</c>.
/// </summary>
public sealed record ImageReference
{
    internal ImageReference(string original, string domain, string path, string? tag, string? digest)
    {
        Original = original;
        Domain = domain;
        Path = path;
        Tag = tag;
        Digest = digest;
    }

    /// <summary>The reference as written, e.g. <c>nginx:1.25</c>.</summary>
    public string Original { get; }

    /// <summary>The registry domain with its port, e.g. <c>docker.io</c> or <c>registry.example.com:5000</c>.</summary>
    public string Domain { get; }

    /// <summary>The repository path inside the registry, e.g. <c>library/nginx</c>.</summary>
    public string Path { get; }

    /// <summary>The tag as written; null when the reference has none.</summary>
    public string? Tag { get; }

    /// <summary>The digest (<c>sha256:…</c>); null when the reference has none.</summary>
    public string? Digest { get; }

    /// <summary>The repository with its domain, e.g. <c>docker.io/library/nginx</c>.</summary>
    public string Repository => $"{Domain}/{Path}";

    /// <summary>
    /// The tag that will be pulled: the written one, or <c>latest</c> when neither a tag nor a digest
    /// was written (digest-only references pull by digest).
    /// </summary>
    public string? EffectiveTag => Tag ?? (Digest is null ? "latest" : null);

    /// <summary>The tag or digest the registry is asked for (digest wins, as the runtimes do).</summary>
    public string ManifestReference => Digest ?? EffectiveTag!;

    /// <summary>The fully normalized form, e.g. <c>docker.io/library/nginx:latest</c>.</summary>
    public string Normalized
    {
        get
        {
            var text = Repository;
            if (EffectiveTag is { } tag)
            {
                text += ":" + tag;
            }

            return Digest is null ? text : text + "@" + Digest;
        }
    }

    /// <summary>The name people write, without tag or digest: <c>nginx</c>, <c>grafana/grafana</c>, <c>127.0.0.1:5000/team/app</c>.</summary>
    public string FamiliarName => Domain == DockerHub.Domain
        ? (Path.StartsWith(DockerHub.OfficialPrefix, StringComparison.Ordinal) ? Path[DockerHub.OfficialPrefix.Length..] : Path)
        : Repository;

    /// <summary>The short form people write, e.g. <c>nginx:1.25</c> for Docker Hub's library images.</summary>
    public string Familiar
    {
        get
        {
            var name = FamiliarName;
            if (Tag is not null)
            {
                name += ":" + Tag;
            }

            return Digest is null ? name : name + "@" + Digest;
        }
    }

    /// <summary>True for Docker Hub (<c>docker.io</c>) references.</summary>
    public bool IsDockerHub => Domain == DockerHub.Domain;

    /// <summary>
    /// The host (with port) to contact for the distribution API: Docker Hub's API lives on
    /// <c>registry-1.docker.io</c>, not on <c>docker.io</c>.
    /// </summary>
    public string RegistryHost => IsDockerHub ? DockerHub.RegistryHost : Domain;

    public static ImageReferenceParseResult Parse(string? text) => ImageReferenceParser.Parse(text);

    public static bool TryParse(string? text, [NotNullWhen(true)] out ImageReference? reference)
    {
        reference = ImageReferenceParser.Parse(text).Reference;
        return reference is not null;
    }

    public override string ToString() => Normalized;
}
