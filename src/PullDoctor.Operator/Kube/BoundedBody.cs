namespace PullDoctor.Operator.Kube;

/// <summary>
/// Reads at most a given number of bytes of a response body: an error answer is parsed for a Status, and what a
/// server, proxy or broken peer sends is untrusted and may not end.
/// </summary>
internal static class BoundedBody
{
    /// <summary>The most of an error body kept: a Status object is well under 1 KiB.</summary>
    public const int MaxErrorBytes = 64 * 1024;

    public static async Task<byte[]> ReadAsync(HttpContent content, int limit, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[limit];
        var filled = 0;
        int read;
        while (filled < limit && (read = await stream.ReadAsync(buffer.AsMemory(filled), cancellationToken)) > 0)
        {
            filled += read;
        }

        return buffer.AsSpan(0, filled).ToArray();
    }
}
