using System.Security.Cryptography;

namespace PullDoctor.RegistryFixtures;

/// <summary>Content-addressed bytes with their media type.</summary>
internal sealed class OciBlob
{
    public OciBlob(string mediaType, byte[] content)
    {
        MediaType = mediaType;
        Content = content;
        Digest = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(content));
    }

    public string MediaType { get; }

    public byte[] Content { get; }

    public string Digest { get; }

    public long Size => Content.LongLength;

    public string Hex => Digest["sha256:".Length..];

    public object Descriptor => new { mediaType = MediaType, digest = Digest, size = Size };
}
