using System.Text.Json.Nodes;
using PullDoctor.Testing.Storage;

namespace PullDoctor.Testing.Watch;

/// <summary>What a watcher's queue carries: an event as this watcher sees it, a bookmark, or a final error.</summary>
internal readonly record struct WatchMessage(string Type, WatchEvent? Event, StoredObject? Object, long ResourceVersion, JsonObject? Status, bool InitialEventsEnd)
{
    public static WatchMessage Bookmark(long resourceVersion, bool initialEventsEnd = false) =>
        new("BOOKMARK", null, null, resourceVersion, null, initialEventsEnd);

    public static WatchMessage Error(JsonObject status) => new("ERROR", null, null, 0, status, false);
}
