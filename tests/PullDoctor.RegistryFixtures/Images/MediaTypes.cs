namespace PullDoctor.RegistryFixtures;

/// <summary>Manifest, config and layer media types of the OCI image spec and Docker's schema 2.</summary>
public static class MediaTypes
{
    public const string OciManifest = "application/vnd.oci.image.manifest.v1+json";
    public const string OciIndex = "application/vnd.oci.image.index.v1+json";
    public const string OciConfig = "application/vnd.oci.image.config.v1+json";
    public const string OciLayerGzip = "application/vnd.oci.image.layer.v1.tar+gzip";
    public const string DockerManifest = "application/vnd.docker.distribution.manifest.v2+json";
    public const string DockerManifestList = "application/vnd.docker.distribution.manifest.list.v2+json";
    public const string DockerConfig = "application/vnd.docker.container.image.v1+json";
    public const string DockerLayerGzip = "application/vnd.docker.image.rootfs.diff.tar.gzip";

    public const string HelmChartConfig = "application/vnd.cncf.helm.config.v1+json";
    public const string HelmChartContent = "application/vnd.cncf.helm.chart.content.v1.tar+gzip";

    /// <summary>An Accept header value that asks for any of the four manifest kinds.</summary>
    public const string AnyManifest = OciIndex + ", " + OciManifest + ", " + DockerManifestList + ", " + DockerManifest;

    internal static string Manifest(ManifestFormat format) => format == ManifestFormat.Oci ? OciManifest : DockerManifest;

    internal static string Index(ManifestFormat format) => format == ManifestFormat.Oci ? OciIndex : DockerManifestList;

    internal static string Config(ManifestFormat format) => format == ManifestFormat.Oci ? OciConfig : DockerConfig;

    internal static string Layer(ManifestFormat format) => format == ManifestFormat.Oci ? OciLayerGzip : DockerLayerGzip;
}
