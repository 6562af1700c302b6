using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace PullDoctor.RegistryFixtures;

/// <summary>
/// Builds tiny but valid images in memory: one gzip layer with one text file, a config whose platform and
/// diff_ids are right, a manifest, and for several platforms an index. Deterministic, so the same platform
/// always gives the same digests.
/// </summary>
internal static class TestImageBuilder
{
    private static readonly DateTimeOffset Epoch = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static TestImage Single(ImagePlatform platform, ManifestFormat format)
    {
        var (layer, diffId) = Layer(platform, format);
        var config = new OciBlob(MediaTypes.Config(format), JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object?>
        {
            ["created"] = Epoch.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
            ["architecture"] = platform.Architecture,
            ["os"] = platform.Os,
            ["variant"] = platform.Variant,
            ["config"] = new { Cmd = new[] { "/pulldoctor/platform.txt" } },
            ["rootfs"] = new { type = "layers", diff_ids = new[] { diffId } },
            ["history"] = new[] { new { created_by = "PullDoctor test fixture" } },
        }.Where(p => p.Value is not null).ToDictionary()));
        var manifest = new OciBlob(MediaTypes.Manifest(format), JsonSerializer.SerializeToUtf8Bytes(new
        {
            schemaVersion = 2,
            mediaType = MediaTypes.Manifest(format),
            config = config.Descriptor,
            layers = new[] { layer.Descriptor },
        }));
        return new TestImage(manifest, [platform], [manifest], [config, layer]);
    }

    public static TestImage Index(IReadOnlyList<ImagePlatform> platforms, ManifestFormat format)
    {
        if (platforms.Count == 0)
        {
            throw new ArgumentException("An index needs at least one platform.", nameof(platforms));
        }

        var images = platforms.Select(p => Single(p, format)).ToList();
        var index = new OciBlob(MediaTypes.Index(format), JsonSerializer.SerializeToUtf8Bytes(new
        {
            schemaVersion = 2,
            mediaType = MediaTypes.Index(format),
            manifests = images.Select(i => PlatformDescriptor(i.Top, i.Platforms[0])).ToArray(),
        }));
        return new TestImage(
            index,
            platforms,
            images.Select(i => i.Top).ToList(),
            images.SelectMany(i => i.Blobs).DistinctBy(b => b.Digest).ToList());
    }

    /// <summary>
    /// A non-image artifact: an OCI manifest whose config and layer are a Helm chart's, which registries
    /// store happily and container runtimes refuse to run.
    /// </summary>
    public static TestImage HelmChartArtifact()
    {
        var config = new OciBlob(MediaTypes.HelmChartConfig, JsonSerializer.SerializeToUtf8Bytes(new
        {
            name = "pulldoctor-test-chart",
            version = "0.1.0",
            apiVersion = "v2",
        }));
        var (layer, _) = Layer(new ImagePlatform("helm", "chart"), ManifestFormat.Oci);
        var chart = new OciBlob(MediaTypes.HelmChartContent, layer.Content);
        var manifest = new OciBlob(MediaTypes.OciManifest, JsonSerializer.SerializeToUtf8Bytes(new
        {
            schemaVersion = 2,
            mediaType = MediaTypes.OciManifest,
            config = config.Descriptor,
            layers = new[] { chart.Descriptor },
        }));
        return new TestImage(manifest, [], [manifest], [config, chart]);
    }

    private static Dictionary<string, object> PlatformDescriptor(OciBlob manifest, ImagePlatform platform)
    {
        var platformJson = new Dictionary<string, string> { ["architecture"] = platform.Architecture, ["os"] = platform.Os };
        if (platform.Variant is not null)
        {
            platformJson["variant"] = platform.Variant;
        }

        return new Dictionary<string, object>
        {
            ["mediaType"] = manifest.MediaType,
            ["digest"] = manifest.Digest,
            ["size"] = manifest.Size,
            ["platform"] = platformJson,
        };
    }

    // One small file per platform, so each platform has its own layer (deleting or corrupting one
    // platform's layer in a test leaves the others intact).
    private static (OciBlob Layer, string DiffId) Layer(ImagePlatform platform, ManifestFormat format)
    {
        using var tar = new MemoryStream();
        using (var writer = new TarWriter(tar, TarEntryFormat.Ustar, leaveOpen: true))
        {
            writer.WriteEntry(new UstarTarEntry(TarEntryType.Directory, "pulldoctor/")
            {
                ModificationTime = Epoch,
                Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute,
            });
            var text = Encoding.UTF8.GetBytes($"PullDoctor test image for {platform}\n");
            writer.WriteEntry(new UstarTarEntry(TarEntryType.RegularFile, "pulldoctor/platform.txt")
            {
                ModificationTime = Epoch,
                Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead,
                DataStream = new MemoryStream(text),
            });
        }

        var uncompressed = tar.ToArray();
        using var gz = new MemoryStream();
        using (var gzip = new GZipStream(gz, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(uncompressed);
        }

        var diffId = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(uncompressed));
        return (new OciBlob(MediaTypes.Layer(format), gz.ToArray()), diffId);
    }
}
