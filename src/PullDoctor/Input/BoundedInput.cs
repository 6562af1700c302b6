namespace PullDoctor.Cli.Input;

/// <summary>
/// Reads a file or stdin whole, but never more than a cap: one byte past it and the read stops with an
/// <see cref="InputException"/> that says so. /dev/zero, a FIFO or a 200 MB file cost at most the cap in memory.
/// </summary>
internal static class BoundedInput
{
    private const int ChunkSize = 64 * 1024;

    /// <param name="path">A file, or <c>-</c> for <paramref name="stdin"/>.</param>
    /// <param name="source">How "cannot read" messages name the file, e.g. <c>--pull-secret secret.yaml</c>.</param>
    /// <param name="what">How the size message names the input, e.g. <c>explain: input</c>.</param>
    public static async Task<byte[]> ReadAsync(string path, Stream stdin, long maxBytes, string source, string what, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(stdin);
        if (path == "-")
        {
            return await ReadAsync(stdin, maxBytes, what, cancellationToken);
        }

        if (Directory.Exists(path))
        {
            throw new InputException($"cannot read {source}: it is a directory");
        }

        try
        {
            // No FileOptions.Asynchronous: it is not supported on character devices such as /dev/zero.
            await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 0);
            return await ReadAsync(file, maxBytes, what, cancellationToken);
        }
        catch (FileNotFoundException)
        {
            throw new InputException($"cannot read {source}: no such file");
        }
        catch (DirectoryNotFoundException)
        {
            throw new InputException($"cannot read {source}: no such file");
        }
        catch (UnauthorizedAccessException)
        {
            throw new InputException($"cannot read {source}: permission denied");
        }
        catch (IOException ex)
        {
            throw new InputException($"cannot read {source}: {ex.Message}");
        }
    }

    public static async Task<byte[]> ReadAsync(Stream stream, long maxBytes, string what, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var content = new MemoryStream();
        var chunk = new byte[ChunkSize];
        while (true)
        {
            // Ask for no more than one byte past the cap, so a huge single read cannot overshoot it.
            var wanted = (int)Math.Min(chunk.Length, maxBytes + 1 - content.Length);
            var read = await stream.ReadAsync(chunk.AsMemory(0, wanted), cancellationToken);
            if (read == 0)
            {
                return content.ToArray();
            }

            content.Write(chunk, 0, read);
            if (content.Length > maxBytes)
            {
                throw new InputException($"{what} is larger than {ByteSize.Format(maxBytes)}; pass a smaller file");
            }
        }
    }
}
