namespace PullDoctor.RegistryFixtures;

/// <summary>A built image or index: the top manifest and every blob below it.</summary>
internal sealed record TestImage(
    OciBlob Top,
    IReadOnlyList<ImagePlatform> Platforms,
    IReadOnlyList<OciBlob> Manifests,
    IReadOnlyList<OciBlob> Blobs)
{
    public IEnumerable<OciBlob> AllBlobs => Blobs.Concat(Manifests).Append(Top).DistinctBy(b => b.Digest);
}
