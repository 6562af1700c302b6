namespace PullDoctor.RegistryFixtures;

/// <summary>Which requests get the configured <see cref="NginxFailure"/>.</summary>
public enum NginxFailureScope
{
    /// <summary>Only <c>/v2/NAME/manifests/REF</c> (HEAD and GET), as Docker Hub's rate limit does; the ping passes.</summary>
    ManifestRequests,

    /// <summary>Every request under <c>/v2/</c>, the ping included.</summary>
    AllRegistryRequests,

    /// <summary>Only <c>/v2/NAME/blobs/DIGEST</c> (layer and config downloads).</summary>
    BlobRequests,
}
