using System.Runtime.CompilerServices;
using k8s;

namespace PullDoctor.Operator.Informers.PodStream;

/// <summary>
/// Reads a pod watch response line by line from a pooled buffer (no string per line) and decodes each line in place.
/// Errors inside the stream (a Status, an undecodable line) go to onError, which ends the enumeration by throwing, or,
/// if it returns, the line is dropped and reading goes on: KubernetesClient's watcher semantics.
/// </summary>
internal static class PodWatchStream
{
    public static async IAsyncEnumerable<(WatchEventType Type, DecodedPod Object)> ReadAsync(
        Stream stream,
        int maxLineBytes,
        Action<Exception> onError,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var buffer = new PooledReadBuffer(maxLineBytes);
        while (true)
        {
            // Every complete line already buffered is decoded before the next read.
            while (NextLine(buffer, out var error, out var type, out var pod))
            {
                if (error is not null)
                    onError(error);
                else
                    yield return (type, pod!);
            }

            if (buffer.Eof)
                yield break;
            await buffer.FillAsync(stream, cancellationToken);
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    /// <summary>
    /// Decodes the next complete line, or at the end of the stream the unterminated rest (ReadLine returns it too).
    /// False when more bytes are needed or nothing is left.
    /// </summary>
    private static bool NextLine(PooledReadBuffer buffer, out Exception? error, out WatchEventType type, out DecodedPod? pod)
    {
        error = null;
        type = default;
        pod = null;
        var unread = buffer.Unread;
        var newline = unread.IndexOf((byte)'\n');
        ReadOnlySpan<byte> line;
        if (newline >= 0)
        {
            line = unread[..newline];
            buffer.Start += newline + 1;
        }
        else if (buffer.Eof && unread.Length > 0)
        {
            line = unread;
            buffer.Start += unread.Length;
        }
        else
        {
            return false;
        }

        if (line.Length > 0 && line[^1] == (byte)'\r')
            line = line[..^1];
        error = WatchEventDecoder.Decode(line, out type, out pod);
        return true;
    }
}
