namespace PullDoctor.Core.Classification;

/// <summary>
/// The stage words of the runtimes' error chains, deepest first (the first line that holds wins):
/// unpack and blob copy happen after the manifest resolved; a token is fetched while resolving.
/// The URL a runtime requested names its stage too (<see cref="MessageStage"/>).
/// </summary>
internal static class StageRules
{
    public static readonly IReadOnlyList<KeywordRule<Stage>> All =
    [
        // The API server's admission chain refused the pod (Kyverno, sigstore policy-controller,
        // Connaisseur, Gatekeeper/Ratify): no pull happened.
        new(Stage.Admission, ["admission webhook", "denied the request"]),
        // The kubelet's credential provider plugins and Docker's credential helpers, before any request.
        new(Stage.CredentialHelper,
            ["error getting credentials", "credential provider plugin", "external registry credential provider",
             "failed to get authorization token", "docker-credential-", "error execing credential"]),
        // containerd CRI: after the pull, the image's config and rootfs are read from the content
        // store through the node's platform matcher (pkg/cri getImageInfo -> images.RootFS).
        new(Stage.LocalImage, ["failed to get image information", "failed to get image diffids"]),
        // containerd: core/unpack, snapshotters; moby: layer store; containers/image: storage
        new(Stage.Unpack,
            ["failed to extract layer", "apply layer error", "failed to register layer",
             "failed to unpack", "unpacking", "error committing", "applylayer", "untar re-exec", "failed to prepare extraction snapshot"]),
        // containerd: remotes/docker/fetcher.go (httpReadSeeker), content.Copy ("failed commit on ref");
        // containers/image: copy/blob.go ("writing blob", "reading blob")
        new(Stage.Blob,
            ["failed commit on ref", "httpreadseeker", "httpreaderseeker", "failed to copy", "writing blob",
             "storing blob", "reading blob", "fetching blob",
             // moby: the config blob; dockershim and CRI-O: a pull with no progress was cancelled mid-copy.
             "error pulling image configuration", "copying config", "because of no progress", "download failed"]),
        // containerd: remotes/docker/authorizer.go
        new(Stage.AnonymousToken, ["failed to fetch anonymous token", "anonymous token"]),
        new(Stage.CredentialedToken, ["failed to fetch oauth token", "oauth token", "unable to retrieve auth token"]),
        new(Stage.Token, ["failed to authorize", "requesting bearer token", "requesting bear token"]),
        new(Stage.Manifest,
            ["failed to resolve reference", "failed to resolve image", "resolve ref", "reading manifest", "manifest for", "fetching manifest",
             "error reading manifest"]),
    ];

    public static KeywordTable<Stage> Table { get; } = new(All);
}
