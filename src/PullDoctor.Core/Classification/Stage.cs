namespace PullDoctor.Core.Classification;

/// <summary>
/// Where in a pull the failure happened, as the outer links of the error chain (and the URL the
/// runtime requested) name it. Ordered from the first step of a pull to the last but one: when a
/// message names several, the deepest wins (a token fetched while resolving is the token stage).
/// </summary>
public enum Stage
{
    /// <summary>The message names no stage.</summary>
    None = 0,

    /// <summary>Resolving the reference: HEAD/GET of the manifest (<c>failed to resolve reference</c>, <c>reading manifest</c>, <c>/manifests/</c>).</summary>
    Manifest,

    /// <summary>Fetching a token from the registry's auth server with no credentials (<c>failed to fetch anonymous token</c>).</summary>
    AnonymousToken,

    /// <summary>Fetching a token with the credentials the node has (<c>failed to fetch oauth token</c>).</summary>
    CredentialedToken,

    /// <summary>A token request of unknown kind (a realm URL, <c>failed to authorize</c>).</summary>
    Token,

    /// <summary>Copying a layer or config blob (<c>failed to copy</c>, <c>httpReadSeeker</c>, <c>writing blob</c>, <c>/blobs/</c>).</summary>
    Blob,

    /// <summary>A kubelet credential provider plugin or a Docker credential helper, before any registry request.</summary>
    CredentialHelper,

    /// <summary>The API server's admission chain (an image-policy webhook) refused the pod; nothing was pulled.</summary>
    Admission,

    /// <summary>Unpacking or committing layers on the node (<c>failed to extract layer</c>, <c>apply layer</c>).</summary>
    Unpack,

    /// <summary>
    /// Reading the pulled image back from the node's content store (containerd CRI's
    /// <c>failed to get image information</c>, <c>failed to get image diffIDs</c>): the registry is done with.
    /// </summary>
    LocalImage,
}
