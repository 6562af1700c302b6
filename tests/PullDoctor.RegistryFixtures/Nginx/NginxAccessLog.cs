using System.Net;

namespace PullDoctor.RegistryFixtures;

/// <summary>
/// The access log of an <see cref="NginxFrontFixture"/>, one <c>METHOD URI STATUS</c> line per request.
/// Reads first send a marker request through nginx and wait until it is logged: nginx runs as a single
/// event loop, so every request answered before the marker is in the file by then, and counts are exact.
/// </summary>
public sealed class NginxAccessLog
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(10);
    private readonly HttpClient _client;

    internal NginxAccessLog(string path, HttpClient client)
    {
        Path = path;
        _client = client;
    }

    public string Path { get; }

    /// <summary>Every request logged so far (marker requests excluded), in order.</summary>
    public async Task<IReadOnlyList<AccessLogEntry>> ReadAsync(CancellationToken cancellationToken = default)
    {
        var lines = await SyncAsync(cancellationToken).ConfigureAwait(false);
        return lines.Select(AccessLogEntry.Parse)
            .OfType<AccessLogEntry>()
            .Where(e => e.Path != NginxConfigWriter.SyncPath)
            .ToList();
    }

    /// <summary>How many logged requests match <paramref name="predicate"/> (all when null).</summary>
    public async Task<int> CountAsync(Func<AccessLogEntry, bool>? predicate = null, CancellationToken cancellationToken = default)
    {
        var entries = await ReadAsync(cancellationToken).ConfigureAwait(false);
        return predicate is null ? entries.Count : entries.Count(predicate);
    }

    /// <summary>
    /// Empties the log (after everything so far has been written), so a test counts only its own requests.
    /// Only meaningful when tests sharing the front do not run in parallel.
    /// </summary>
    public async Task ClearAsync(CancellationToken cancellationToken = default)
    {
        await SyncAsync(cancellationToken).ConfigureAwait(false);

        // nginx opened the file with O_APPEND, so it keeps writing at the new end after truncation.
        await using var stream = new FileStream(Path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite);
        stream.SetLength(0);
    }

    private async Task<string[]> SyncAsync(CancellationToken cancellationToken)
    {
        var marker = Guid.NewGuid().ToString("N");
        using (var response = await _client.GetAsync($"{NginxConfigWriter.SyncPath}?{marker}", cancellationToken).ConfigureAwait(false))
        {
            if (response.StatusCode != HttpStatusCode.NoContent)
            {
                throw new InvalidOperationException($"nginx answered the log marker with {(int)response.StatusCode}.");
            }
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        while (true)
        {
            var lines = await ReadLinesAsync(timeout.Token).ConfigureAwait(false);
            if (lines.Any(l => l.Contains(marker, StringComparison.Ordinal)))
            {
                return lines;
            }

            // nginx logs after it has sent the response, so the marker can lag the response briefly.
            await Task.Delay(PollInterval, timeout.Token).ConfigureAwait(false);
        }
    }

    private async Task<string[]> ReadLinesAsync(CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        var text = await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        return text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }
}
