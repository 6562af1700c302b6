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
        // The runtime's error is a suffix of the message: it is cut once, at the end (this runs per message).
        var from = 0;
        if ((QuotedAfter(rest, "image \"") ?? QuotedAfter(rest, "image tag \"")) is { } quoted)
        {
            image ??= quoted.Value;
            from = quoted.End;
            const string neverPull = " is not present with pull policy of Never";
            if (rest.AsSpan(from).StartsWith(neverPull, StringComparison.Ordinal))
            {
                from += neverPull.Length;
            }
        }

        // Strip every leading "<prefix>: " the kubelet and gRPC add, keeping the runtime's words.
        var changed = true;
        while (changed)
        {
            changed = false;
            from = SkipSpacesAndColons(rest, from);
            foreach (var prefix in Prefixes)
            {
                // "ErrImagePull: …", "Error: …": a reason word followed by a colon, never "Error response …".
                var at = rest.AsSpan(from);
                if (at.StartsWith(prefix, StringComparison.Ordinal) && at.Length > prefix.Length && at[prefix.Length] == ':')
                {
                    from += prefix.Length + 1;
                    changed = true;
                }
            }

            var rpc = RpcPrefix().Match(rest, from);
            if (rpc.Success && rpc.Index == from)
            {
                from += rpc.Length;
                changed = true;
            }
        }

        from = SkipSpacesAndColons(rest, from);
        return (image, from == 0 ? rest : rest[from..], isSandbox);
    }

    private static int SkipSpacesAndColons(string text, int from)
    {
        while (from < text.Length && text[from] is ' ' or ':')
        {
            from++;
        }

        return from;
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

    // Matched at the current position (Match(text, from) with \G), not at the start of the message.
    [GeneratedRegex("""\Grpc error: code = \w+ desc = """, RegexOptions.CultureInvariant)]
    private static partial Regex RpcPrefix();
}
