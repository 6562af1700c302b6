using System.Text.RegularExpressions;

namespace PullDoctor.Core.Messages;

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

        if (QuotedAfter(rest, "sandbox image \"") is { } sandbox)
        {
            image = sandbox.Value;
            isSandbox = true;
        }

        // `image "X"` as the kubelet quotes it in "Failed to pull image", "Back-off pulling image",
        // "Container image", "Failed to inspect image" and "Failed to apply default image tag".
        if ((QuotedAfter(rest, "image \"") ?? QuotedAfter(rest, "image tag \"")) is { } quoted)
        {
            image ??= quoted.Value;
            rest = rest[quoted.End..];
            const string neverPull = " is not present with pull policy of Never";
            if (rest.StartsWith(neverPull, StringComparison.Ordinal))
            {
                rest = rest[neverPull.Length..];
            }
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

    /// <summary>The quoted text right after <paramref name="opening"/> (which ends with a quote), and where it ends.</summary>
    private static (string Value, int End)? QuotedAfter(string text, string opening)
    {
        var start = text.IndexOf(opening, StringComparison.Ordinal);
        if (start < 0)
        {
            return null;
        }

        var valueStart = start + opening.Length;
        var close = text.IndexOf('"', valueStart);
        return close < 0 ? null : (text[valueStart..close], close + 1);
    }

    [GeneratedRegex("""^rpc error: code = \w+ desc = """, RegexOptions.CultureInvariant)]
    private static partial Regex RpcPrefix();
}
