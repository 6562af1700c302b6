namespace PullDoctor.Bench.Operator;

/// <summary>
/// A watch on all pods from a resourceVersion that keeps every event line as the server sent it: the same bytes the
/// operator's watch received, for the raw-parse limit and for counting events.
/// </summary>
internal sealed class WatchCapture : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly List<byte[]> _lines = [];
    private Task _reader = Task.CompletedTask;

    public IReadOnlyList<byte[]> Lines
    {
        get
        {
            lock (_lines)
            {
                return _lines.ToArray();
            }
        }
    }

    /// <summary>ADDED/MODIFIED/DELETED lines (bookmarks excluded).</summary>
    public IReadOnlyList<byte[]> PodEventLines => Lines.Where(l => l.AsSpan(0, Math.Min(30, l.Length)).IndexOf("BOOKMARK"u8) < 0).ToArray();

    public int PodEvents => PodEventLines.Count;

    public static async Task<WatchCapture> StartAsync(HttpClient http, long resourceVersion)
    {
        var capture = new WatchCapture();
        var response = await http.GetAsync(new Uri(FormattableString.Invariant($"/api/v1/pods?watch=1&allowWatchBookmarks=true&resourceVersion={resourceVersion}"), UriKind.Relative), HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        capture._reader = Task.Run(() => capture.ReadAsync(response));
        return capture;
    }

    private async Task ReadAsync(HttpResponseMessage response)
    {
        using (response)
        {
            try
            {
                await using var stream = await response.Content.ReadAsStreamAsync(_stop.Token);
                var buffer = new byte[1 << 16];
                var pending = new MemoryStream();
                while (true)
                {
                    var read = await stream.ReadAsync(buffer, _stop.Token);
                    if (read == 0)
                    {
                        return;
                    }

                    var start = 0;
                    for (var i = 0; i < read; i++)
                    {
                        if (buffer[i] == (byte)'\n')
                        {
                            pending.Write(buffer, start, i - start);
                            lock (_lines)
                            {
                                _lines.Add(pending.ToArray());
                            }

                            pending.SetLength(0);
                            start = i + 1;
                        }
                    }

                    pending.Write(buffer, start, read - start);
                }
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    public void Stop() => _stop.Cancel();

    public void Dispose()
    {
        _stop.Cancel();
        try
        {
            _reader.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }

        _stop.Dispose();
    }
}
