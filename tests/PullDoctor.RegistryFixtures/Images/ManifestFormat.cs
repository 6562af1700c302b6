namespace PullDoctor.RegistryFixtures;

/// <summary>Which media types the pushed manifests use.</summary>
public enum ManifestFormat
{
    /// <summary>OCI image manifest / OCI image index.</summary>
    Oci,

    /// <summary>Docker image manifest v2 schema 2 / Docker manifest list.</summary>
    Docker,
}
