namespace PullDoctor.RegistryFixtures.Kubelet;

/// <summary>
/// What kubelet 1.31 with containerd 1.7 writes for each failure (the gRPC "Unknown" wrapper stripped since 1.28,
/// NotFound kept), copied from rows of tests/PullDoctor.Core.Tests/Corpus/*.jsonl with only the image changed; the demo and the operator's end-to-end tests stage pods with them.
/// Images here always name their registry, so the reference containerd resolves is the image as written.
/// </summary>
public static class KubeletPullMessages
{
    // messages.jsonl: "Failed to pull image \"nginx:1.25.x\": rpc error: code = NotFound desc = ... : not found".
    public static string NotFound(string image) =>
        $"Failed to pull image \"{image}\": rpc error: code = NotFound desc = failed to pull and unpack image \"{image}\": failed to resolve reference \"{image}\": {image}: not found";

    // containerd resolver.go: a 401 on the manifest HEAD (plain HTTP: containerd speaks HTTP to loopback registries).
    public static string Unauthorized(string image, string host, string repository, string tag) =>
        $"Failed to pull image \"{image}\": failed to pull and unpack image \"{image}\": failed to resolve reference \"{image}\": unexpected status from HEAD request to http://{host}/v2/{repository}/manifests/{tag}: 401 Unauthorized";

    // messages.containerd.jsonl: "... Head \"https://localhost:5000/v2/hello-app/manifests/1.0\": dial tcp [::1]:5000: connect: connection refused".
    public static string ConnectionRefused(string image, string host, string repository, string tag) =>
        $"Failed to pull image \"{image}\": failed to pull and unpack image \"{image}\": failed to resolve reference \"{image}\": failed to do request: Head \"https://{host}/v2/{repository}/manifests/{tag}\": dial tcp {host}: connect: connection refused";

    public static string NoSuchHost(string image, string host, string repository, string tag) =>
        $"Failed to pull image \"{image}\": failed to pull and unpack image \"{image}\": failed to resolve reference \"{image}\": failed to do request: Head \"https://{host}/v2/{repository}/manifests/{tag}\": dial tcp: lookup {host.Split(':')[0]} on 10.96.0.10:53: no such host";

    // messages.jsonl, registry.k8s.io/coredns row.
    public static string UnknownAuthority(string image, string host, string repository, string tag) =>
        $"Failed to pull image \"{image}\": failed to pull and unpack image \"{image}\": failed to resolve reference \"{image}\": failed to do request: Head \"https://{host}/v2/{repository}/manifests/{tag}\": tls: failed to verify certificate: x509: certificate signed by unknown authority";

    // messages.jsonl, ghcr.io/kubewarden row.
    public static string NoMatchForPlatform(string image) =>
        $"Failed to pull image \"{image}\": rpc error: code = NotFound desc = failed to pull and unpack image \"{image}\": no match for platform in manifest: not found";

    // messages.jsonl, renku row (InspectFailed and the waiting message alike).
    public static string InvalidName(string image) =>
        $"Failed to apply default image tag \"{image}\": couldn't parse image reference \"{image}\": invalid reference format: repository name must be lowercase";

    public static string NeverPull(string image) => $"Container image \"{image}\" is not present with pull policy of Never";

    public static string SecretMissing(string secret) =>
        $"Unable to retrieve some image pull secrets ({secret}); attempting to pull the image may not succeed.";

    public static string Pulling(string image) => $"Pulling image \"{image}\"";

    public static string BackOff(string image) => $"Back-off pulling image \"{image}\"";

    /// <summary>The waiting message of ImagePullBackOff since kubelet 1.32: the back-off, then the last pull error.</summary>
    public static string BackOffWaiting(string image, string failed) =>
        $"Back-off pulling image \"{image}\": ErrImagePull: {failed.Replace($"Failed to pull image \"{image}\": ", string.Empty, StringComparison.Ordinal)}";
}
