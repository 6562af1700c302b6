namespace PullDoctor.Operator.Tests.E2E;

/// <summary>
/// Pull failures worded exactly as kubelet 1.30 + containerd 1.7 report them (kubelet strips the gRPC
/// "Unknown" wrapper since 1.28; NotFound keeps it), for images on the test registries.
/// Sources: containerd remotes/docker/resolver.go, kubelet pkg/kubelet/images/image_manager.go, and the
/// real-message corpus in tests/PullDoctor.Core.Tests/Corpus.
/// </summary>
internal static class KubeletMessages
{
    public static string NotFound(string image) =>
        $"Failed to pull image \"{image}\": rpc error: code = NotFound desc = failed to pull and unpack image \"{image}\": failed to resolve reference \"{image}\": {image}: not found";

    public static string Unauthorized(string image, string host, string repository, string tag) =>
        $"Failed to pull image \"{image}\": failed to pull and unpack image \"{image}\": failed to resolve reference \"{image}\": unexpected status from HEAD request to http://{host}/v2/{repository}/manifests/{tag}: 401 Unauthorized";

    public static string ConnectionRefused(string image, string host, string repository, string tag) =>
        $"Failed to pull image \"{image}\": failed to pull and unpack image \"{image}\": failed to resolve reference \"{image}\": failed to do request: Head \"https://{host}/v2/{repository}/manifests/{tag}\": dial tcp {host}: connect: connection refused";

    public static string NoSuchHost(string image, string host, string repository, string tag) =>
        $"Failed to pull image \"{image}\": failed to pull and unpack image \"{image}\": failed to resolve reference \"{image}\": failed to do request: Head \"https://{host}/v2/{repository}/manifests/{tag}\": dial tcp: lookup {host.Split(':')[0]} on 10.96.0.10:53: no such host";

    public static string NoMatchForPlatform(string image) =>
        $"Failed to pull image \"{image}\": rpc error: code = NotFound desc = failed to pull and unpack image \"{image}\": no match for platform in manifest: not found";

    public static string InvalidName(string image) =>
        $"Failed to apply default image tag \"{image}\": couldn't parse image name \"{image}\": invalid reference format: repository name must be lowercase";

    public static string NeverPull(string image) =>
        $"Container image \"{image}\" is not present with pull policy of Never";

    public static string BackOff(string image) => $"Back-off pulling image \"{image}\"";

    public static string SecretMissing(string secret) =>
        $"Unable to retrieve some image pull secrets ({secret}); attempting to pull the image may not succeed.";
}
