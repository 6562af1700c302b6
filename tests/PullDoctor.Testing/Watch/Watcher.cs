using System.Threading.Channels;
using PullDoctor.Testing.Resources;
using PullDoctor.Testing.Selectors;
using PullDoctor.Testing.Storage;

namespace PullDoctor.Testing.Watch;

/// <summary>
/// One open watch: a bounded queue fed under the store's lock (so events arrive in resourceVersion
/// order) and drained by the HTTP handler. A watcher that falls too far behind is terminated, as
/// the watch cache terminates slow watchers; the client sees the stream end and re-watches.
/// </summary>
internal sealed class Watcher
{
    private readonly Channel<WatchMessage> _channel;

    public Watcher(ResourceType view, ObjectFilter filter, int capacity)
    {
        View = view;
        Filter = filter;
        _channel = Channel.CreateBounded<WatchMessage>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            SingleWriter = false,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    public ResourceType View { get; }

    /// <summary>The table the watcher is registered with; null for a watch that ended before it began.</summary>
    public ResourceTable? Table { get; set; }

    public bool AllowBookmarks { get; init; }

    public ObjectFilter Filter { get; }

    public ChannelReader<WatchMessage> Reader => _channel.Reader;

    public bool Overflowed { get; private set; }

    /// <summary>Offers a store event, translating it by this watcher's selectors (enter = ADDED, leave = DELETED).</summary>
    public void Offer(WatchEvent e)
    {
        var now = Filter.Matches(e.Object);
        switch (e.Type)
        {
            case "ADDED":
                if (now)
                {
                    Write(new WatchMessage("ADDED", e, e.Object, e.ResourceVersion, null, false));
                }

                break;
            case "DELETED":
                if (now)
                {
                    Write(new WatchMessage("DELETED", e, e.Object, e.ResourceVersion, null, false));
                }

                break;
            default:
                var before = e.Previous is not null && Filter.Matches(e.Previous);
                if (now && before)
                {
                    Write(new WatchMessage("MODIFIED", e, e.Object, e.ResourceVersion, null, false));
                }
                else if (now)
                {
                    Write(new WatchMessage("ADDED", e, e.Object, e.ResourceVersion, null, false));
                }
                else if (before)
                {
                    // The cacher sends the previous state, stamped with the event's resourceVersion.
                    Write(new WatchMessage("DELETED", e, e.Previous, e.ResourceVersion, null, false));
                }

                break;
        }
    }

    public void Write(WatchMessage message)
    {
        if (!_channel.Writer.TryWrite(message))
        {
            Overflowed = true;
            _channel.Writer.TryComplete();
        }
    }

    public void Complete() => _channel.Writer.TryComplete();
}
