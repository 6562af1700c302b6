namespace PullDoctor.Testing.Storage;

/// <summary>
/// The bounded window of past events a watch can resume from, like the watch cache's cyclic
/// buffer. A watch from a resourceVersion older than <see cref="Floor"/> gets 410 Gone.
/// </summary>
internal sealed class HistoryBuffer
{
    private readonly WatchEvent?[] _events;
    private int _start;
    private int _count;

    public HistoryBuffer(int capacity) => _events = new WatchEvent?[Math.Max(1, capacity)];

    /// <summary>The oldest resourceVersion a watch may start from; 0 while nothing was ever dropped.</summary>
    public long Floor { get; private set; }

    public int Count => _count;

    public void Add(WatchEvent e)
    {
        if (_count == _events.Length)
        {
            var evicted = _events[_start]!;
            _events[_start] = null;
            _start = (_start + 1) % _events.Length;
            _count--;
            // As the watch cache does: the oldest servable RV is just before the oldest retained event.
            Floor = Math.Max(Floor, _count > 0 ? _events[_start]!.ResourceVersion - 1 : evicted.ResourceVersion);
        }

        _events[(_start + _count) % _events.Length] = e;
        _count++;
    }

    /// <summary>Drops every retained event: the next watch from an older resourceVersion gets 410.</summary>
    public void Compact(long currentResourceVersion)
    {
        Array.Clear(_events);
        _start = 0;
        _count = 0;
        Floor = Math.Max(Floor, currentResourceVersion);
    }

    /// <summary>Events with a resourceVersion greater than <paramref name="resourceVersion"/>, oldest first.</summary>
    public List<WatchEvent> Since(long resourceVersion)
    {
        var result = new List<WatchEvent>();
        // Binary search for the first retained event after the requested RV.
        int lo = 0, hi = _count;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (_events[(_start + mid) % _events.Length]!.ResourceVersion > resourceVersion)
            {
                hi = mid;
            }
            else
            {
                lo = mid + 1;
            }
        }

        for (var i = lo; i < _count; i++)
        {
            result.Add(_events[(_start + i) % _events.Length]!);
        }

        return result;
    }
}
