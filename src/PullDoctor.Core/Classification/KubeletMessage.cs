using System.Text.RegularExpressions;

namespace PullDoctor.Core.Classification;

/// <summary>
/// Takes the kubelet's wrappers off a message: <c>Failed to pull image "X": …</c>,
/// <c>Back-off pulling image "X"[: ErrImagePull: …]</c> (Kubernetes ≥ 1.32 appends the error),
/// <c>rpc error: code = … desc = …</c> (gRPC status text, always <c>Unknown</c> before 1.28),
/// and the sandbox-image wording of <c>FailedCreatePodSandBox</c>.
/// </summary>
internal static partial class KubeletMessage
{
    public static (string? Image, string RuntimeError, bool IsSandbox) Unwrap(string message)
    {
        var image = (string?)null;
        var rest = message.Trim();
        var isSandbox = false;

        var sandbox = SandboxImage().Match(rest);
        if (sandbox.Success)
        {
            image = sandbox.Groups["image"].Value;
            isSandbox = true;
        }

        var quoted = QuotedImage().Match(rest);
        if (quoted.Success)
        {
            image ??= quoted.Groups["image"].Value;
            rest = rest[(quoted.Index + quoted.Length)..];
        }

        // Strip every leading "<prefix>: " the kubelet and gRPC add, keeping the runtime's words.
        var changed = true;
        while (changed)
        {
            changed = false;
            var trimmed = rest.TrimStart(' ', ':');
            foreach (var prefix in Prefixes)
            {
                // "ErrImagePull: …", "Error: …": a reason word followed by a colon, never "Error response …".
                if (trimmed.StartsWith(prefix, StringComparison.Ordinal) && trimmed.Length > prefix.Length && trimmed[prefix.Length] == ':')
                {
                    trimmed = trimmed[(prefix.Length + 1)..];
                    changed = true;
                }
            }

            var rpc = RpcPrefix().Match(trimmed);
            if (rpc.Success)
            {
                trimmed = trimmed[rpc.Length..];
                changed = true;
            }

            rest = trimmed.TrimStart(' ', ':');
        }

        return (image, rest, isSandbox);
    }

    private static readonly string[] Prefixes = ["ErrImagePull", "ImagePullBackOff", "Error", "RegistryUnavailable", "SignatureValidationFailed"];

    // `image "X"` as the kubelet quotes it in "Failed to pull image", "Back-off pulling image",
    // "Container image", "Failed to inspect image" and "Failed to apply default image tag".
    [GeneratedRegex("""^(?:.*?)(?:pull(?:ing)? image|Container image|inspect image|default image tag|image) "(?<image>[^"]*)"(?: is not present with pull policy of Never)?""", RegexOptions.CultureInvariant)]
    private static partial Regex QuotedImage();

    [GeneratedRegex("""sandbox image "(?<image>[^"]*)""", RegexOptions.CultureInvariant)]
    private static partial Regex SandboxImage();

    [GeneratedRegex("""^rpc error: code = \w+ desc = """, RegexOptions.CultureInvariant)]
    private static partial Regex RpcPrefix();
}
