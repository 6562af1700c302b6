namespace PullDoctor.Core.Messages;

/// <summary>
/// A kubelet or runtime message parsed once: the kubelet's wrapper taken off (the image it names,
/// whether it is the sandbox image), the runtime's error, and that error's skeleton — lower case, with
/// every value lifted into <see cref="Values"/>. Rules read only <see cref="Skeleton"/>; the stage
/// and the registry are also read from <see cref="Values"/> (the URL requested, the host).
/// </summary>
public sealed class PullMessage
{
    private PullMessage(string text, string? image, bool isSandbox, string runtimeError, string skeleton, IReadOnlyList<MessageValue> values, IReadOnlyList<PullMessage> attempts,
        IReadOnlyList<int>? valueOffsets = null, IReadOnlyList<int>? statusDigits = null)
    {
        ValueOffsets = valueOffsets ?? [];
        StatusDigits = statusDigits ?? [];
        Text = text;
        Image = image;
        IsSandboxImage = isSandbox;
        RuntimeError = runtimeError;
        Skeleton = skeleton;
        Values = values;
        Attempts = attempts;
    }

    public static PullMessage Empty { get; } = new(string.Empty, null, false, string.Empty, string.Empty, [], []);

    /// <summary>The message as read (log escaping undone).</summary>
    public string Text { get; }

    /// <summary>The image the kubelet quoted (<c>Failed to pull image "X"</c>), when it did.</summary>
    public string? Image { get; }

    /// <summary>True for the sandbox (pause) image of <c>FailedCreatePodSandBox</c>.</summary>
    public bool IsSandboxImage { get; }

    /// <summary>The runtime's own error, without the kubelet's and gRPC's wrappers.</summary>
    public string RuntimeError { get; }

    /// <summary>The whole message lower-cased with values replaced by <c>‹X›</c> placeholders.</summary>
    public string Skeleton { get; }

    /// <summary>The values lifted out of the message, in order.</summary>
    public IReadOnlyList<MessageValue> Values { get; }

    /// <summary>Where each value's placeholder starts in <see cref="Skeleton"/> (one per value, in order).</summary>
    internal IReadOnlyList<int> ValueOffsets { get; }

    /// <summary>Where the wording of <see cref="Skeleton"/> has a '4' or a '5' (an HTTP status may start there).</summary>
    internal IReadOnlyList<int> StatusDigits { get; }

    /// <summary>
    /// The attempts of an aggregated error (<c>[e1, e2]</c>: dockershim tried each credential; the
    /// kubelet joins errors the same way), each parsed on its own; empty for a single error.
    /// </summary>
    public IReadOnlyList<PullMessage> Attempts { get; }

    public static PullMessage Parse(string? message)
    {
        if (string.IsNullOrWhiteSpace(message))
        {
            return Empty;
        }

        var text = Unescape(message.Trim());
        var (image, runtimeError, isSandbox) = KubeletMessage.Unwrap(text);
        var wrapperLength = Math.Max(0, text.Length - runtimeError.Length);
        var imageAttempt = ImageAttemptOfImageOrArtifact(runtimeError);

        var items = AggregateItems(imageAttempt);
        var attempts = items.Count > 1 ? items.Select(item => Single(string.Concat(text.AsSpan(0, wrapperLength), item), image, isSandbox, item)).ToList() : [];
        // Most messages are one error with nothing taken out: the text is already wrapper + error.
        var whole = ReferenceEquals(imageAttempt, runtimeError) && text.EndsWith(runtimeError, StringComparison.Ordinal)
            ? text
            : string.Concat(text.AsSpan(0, wrapperLength), imageAttempt);
        return Single(whole, image, isSandbox, imageAttempt, attempts);
    }

    private static PullMessage Single(string text, string? image, bool isSandbox, string runtimeError, IReadOnlyList<PullMessage>? attempts = null)
    {
        var values = new List<MessageValue>(8);
        var offsets = new List<int>(8);
        List<int>? statusDigits = null;
        var skeleton = ValueLifter.Lift(text, image, values, offsets, ref statusDigits);
        return new PullMessage(text, image, isSandbox, runtimeError, skeleton, values, attempts ?? [], offsets, statusDigits);
    }

    // Journal lines and JSON logs escape the quotes: `image \"x\"`. The runtime's own %q never
    // leaves a bare backslash before a quote in an unescaped message, so undoing it is safe. klog's
    // structured lines quote an error that already quoted one (`err="failed to \"StartContainer\" …
    // ErrImagePull: \"… image \\\"x\\\"…\""`), so each level of escaping is undone in turn (a few at most).
    private static string Unescape(string text)
    {
        for (var level = 0; level < MaxEscapingLevels && text.Contains("\\\"", StringComparison.Ordinal); level++)
        {
            text = UnescapeOnce(text);
        }

        return text;
    }

    private const int MaxEscapingLevels = 4;

    // One level of Go/JSON string escaping for quotes and backslashes, read left to right (a replace of `\\`
    // and then `\"` would read `\\\"` wrongly); any other escape is left as written.
    private static string UnescapeOnce(string text)
    {
        var result = new System.Text.StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\' && i + 1 < text.Length && text[i + 1] is '\\' or '"')
            {
                i++;
            }

            result.Append(text[i]);
        }

        return result.ToString();
    }

    // CRI-O ≥ 1.31 (server/image_pull.go) tries an OCI artifact when an image pull fails and reports both:
    // "unable to pull image or OCI artifact: pull image err: E1; artifact err: E2". E1 is the pull.
    private static string ImageAttemptOfImageOrArtifact(string error)
    {
        const string imageErr = "pull image err: ";
        const string artifactErr = "; artifact err: ";
        var start = error.IndexOf(imageErr, StringComparison.Ordinal);
        if (start < 0)
        {
            return error;
        }

        var end = error.IndexOf(artifactErr, start, StringComparison.Ordinal);
        return end < 0 ? error[(start + imageErr.Length)..] : error[(start + imageErr.Length)..end];
    }

    /// <summary>
    /// The items of an aggregated error: <c>[e1, e2]</c> (k8s.io/apimachinery's aggregate, dockershim's
    /// one-error-per-credential), split only where the next item begins as the first one does, so the
    /// commas inside an item (a SAN list) stay.
    /// </summary>
    private static List<string> AggregateItems(string error)
    {
        // containers/image: "N errors occurred while pulling:\n * e1\n * e2" (one per search registry or mirror).
        const string bullet = "\n * ";
        if (error.Contains(" errors occurred", StringComparison.Ordinal) && error.Contains(bullet, StringComparison.Ordinal))
        {
            return error.Split(bullet)[1..].Select(item => item.Trim()).Where(item => item.Length > 0).ToList();
        }

        var open = error.IndexOf('[', StringComparison.Ordinal);
        if (open < 0 || !error.EndsWith(']') || (open > 0 && !error.AsSpan(0, open).TrimEnd().EndsWith(":", StringComparison.Ordinal)))
        {
            return [error];
        }

        var inner = error[(open + 1)..^1];
        var firstColon = inner.IndexOf(':', StringComparison.Ordinal);
        if (firstColon <= 0)
        {
            return [error];
        }

        var separator = ", " + inner[..firstColon] + ":";
        var items = new List<string>();
        var from = 0;
        for (var at = inner.IndexOf(separator, StringComparison.Ordinal); at >= 0; at = inner.IndexOf(separator, from, StringComparison.Ordinal))
        {
            items.Add(inner[from..at]);
            from = at + 2;
        }

        items.Add(inner[from..]);
        return items;
    }
}
