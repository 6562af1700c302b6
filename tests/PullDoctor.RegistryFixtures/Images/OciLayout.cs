using System.Text.Json;

namespace PullDoctor.RegistryFixtures;

/// <summary>A <see cref="TestImage"/> written as an OCI image layout, ready for <c>skopeo copy oci:DIR:image</c>.</summary>
internal sealed class OciLayout
{
    public const string RefName = "image";

    private OciLayout(string path, TestImage image)
    {
        Path = path;
        Image = image;
    }

    public string Path { get; }

    public TestImage Image { get; }

    /// <summary>The skopeo source name of this layout.</summary>
    public string SkopeoReference => $"oci:{Path}:{RefName}";

    public static async Task<OciLayout> WriteAsync(string path, TestImage image, CancellationToken cancellationToken)
    {
        var blobs = Directory.CreateDirectory(System.IO.Path.Combine(path, "blobs", "sha256")).FullName;
        foreach (var blob in image.AllBlobs)
        {
            await File.WriteAllBytesAsync(System.IO.Path.Combine(blobs, blob.Hex), blob.Content, cancellationToken).ConfigureAwait(false);
        }

        await File.WriteAllTextAsync(System.IO.Path.Combine(path, "oci-layout"), """{"imageLayoutVersion":"1.0.0"}""", cancellationToken).ConfigureAwait(false);
        var index = JsonSerializer.SerializeToUtf8Bytes(new
        {
            schemaVersion = 2,
            manifests = new[]
            {
                new
                {
                    mediaType = image.Top.MediaType,
                    digest = image.Top.Digest,
                    size = image.Top.Size,
                    annotations = new Dictionary<string, string> { ["org.opencontainers.image.ref.name"] = RefName },
                },
            },
        });
        await File.WriteAllBytesAsync(System.IO.Path.Combine(path, "index.json"), index, cancellationToken).ConfigureAwait(false);
        return new OciLayout(path, image);
    }
}
