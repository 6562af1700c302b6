namespace PullDoctor.RegistryFixtures;

/// <summary>An image (or index) now present in a test registry.</summary>
/// <param name="Reference">Full reference, e.g. <c>127.0.0.1:41234/team/app:1.25.3</c>.</param>
/// <param name="Digest">Digest of the top-level manifest or index (<c>sha256:...</c>), as the registry serves it.</param>
/// <param name="MediaType">Media type of the top-level manifest or index.</param>
/// <param name="Platforms">The platforms it contains (one for a single image).</param>
/// <param name="ManifestDigests">Digests of the per-platform manifests (the top one for a single image).</param>
/// <param name="BlobDigests">Digests of every config and layer blob.</param>
public sealed record PushedImage(
    string Reference,
    string Repository,
    string Tag,
    string Digest,
    string MediaType,
    IReadOnlyList<ImagePlatform> Platforms,
    IReadOnlyList<string> ManifestDigests,
    IReadOnlyList<string> BlobDigests)
{
    /// <summary>The reference by digest, e.g. <c>127.0.0.1:41234/team/app@sha256:...</c>.</summary>
    public string DigestReference => Reference[..Reference.LastIndexOf(':')] + "@" + Digest;
}
