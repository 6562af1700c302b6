using System.Globalization;
using System.Text.Json.Nodes;
using PullDoctor.Testing.Api;
using PullDoctor.Testing.Resources;
using PullDoctor.Testing.Selectors;
using PullDoctor.Testing.Storage;

namespace PullDoctor.Testing.Watch;

/// <summary>
/// Starts watches with kube-apiserver's resourceVersion semantics: unset or "0" replays the current
/// state as ADDED events, a concrete RV resumes from history (410 Expired when it is older than the
/// retained window), <c>sendInitialEvents=true</c> replays state and ends it with a bookmark
/// annotated <c>k8s.io/initial-events-end</c>.
/// </summary>
internal sealed class WatchHub
{
    private readonly ResourceService _service;
    private readonly KubeApiServerOptions _options;

    public WatchHub(ResourceService service, KubeApiServerOptions options)
    {
        _service = service;
        _options = options;
    }

    public Watcher Start(ResourceType type, ObjectFilter filter, string? resourceVersion, bool? sendInitialEvents, bool allowBookmarks)
    {
        var store = _service.Store;
        lock (store.Gate)
        {
            var table = _service.TableOf(type);
            var current = store.CurrentResourceVersion;
            var rvGiven = !string.IsNullOrEmpty(resourceVersion) && resourceVersion != "0";
            long requested = 0;
            if (rvGiven && !long.TryParse(resourceVersion, NumberStyles.None, CultureInfo.InvariantCulture, out requested))
            {
                throw ApiException.BadRequest($"resourceVersion: Invalid value: \"{resourceVersion}\": strconv.ParseUint: parsing \"{resourceVersion}\": invalid syntax");
            }

            if (rvGiven && requested > current)
            {
                return Failed(type, filter, ApiException.TooLargeResourceVersion(requested, current));
            }

            var replayState = sendInitialEvents ?? !rvGiven;
            List<WatchEvent>? backlog = null;
            if (!replayState && rvGiven)
            {
                if (requested < table.History.Floor)
                {
                    return Failed(type, filter, ApiException.Expired($"too old resource version: {requested} ({table.History.Floor})"));
                }

                backlog = table.History.Since(requested);
            }

            var initial = replayState ? table.Items : null;
            var capacity = _options.WatcherQueueCapacity + (initial?.Count ?? 0) + (backlog?.Count ?? 0) + 2;
            var watcher = new Watcher(type, filter, capacity) { Table = table, AllowBookmarks = allowBookmarks };
            if (initial is not null)
            {
                foreach (var obj in initial)
                {
                    if (filter.Matches(obj))
                    {
                        watcher.Write(new WatchMessage("ADDED", null, obj, obj.ResourceVersion, null, false));
                    }
                }

                if (sendInitialEvents == true)
                {
                    watcher.Write(WatchMessage.Bookmark(current, initialEventsEnd: true));
                }
            }

            if (backlog is not null)
            {
                foreach (var e in backlog)
                {
                    watcher.Offer(e);
                }
            }

            store.AddWatcher(table, watcher);
            return watcher;
        }
    }

    /// <summary>Queues a bookmark at the current resourceVersion: every earlier event of the resource is already queued.</summary>
    public void Bookmark(Watcher watcher)
    {
        lock (_service.Store.Gate)
        {
            watcher.Write(WatchMessage.Bookmark(_service.Store.CurrentResourceVersion));
        }
    }

    public void Stop(Watcher watcher)
    {
        if (watcher.Table is { } table)
        {
            _service.Store.RemoveWatcher(table, watcher);
        }

        watcher.Complete();
    }

    /// <summary>kube-apiserver answers such watches with 200 and a single ERROR event carrying the Status.</summary>
    private static Watcher Failed(ResourceType type, ObjectFilter filter, ApiException error)
    {
        var watcher = new Watcher(type, filter, 2);
        watcher.Write(WatchMessage.Error(error.ToStatus()));
        watcher.Complete();
        return watcher;
    }

    public static JsonObject BookmarkObject(ResourceType type, long resourceVersion, bool initialEventsEnd)
    {
        var meta = new JsonObject
        {
            ["resourceVersion"] = resourceVersion.ToString(CultureInfo.InvariantCulture),
            ["creationTimestamp"] = null,
        };
        if (initialEventsEnd)
        {
            meta["annotations"] = new JsonObject { ["k8s.io/initial-events-end"] = "true" };
        }

        return new JsonObject { ["kind"] = type.Kind, ["apiVersion"] = type.GroupVersion, ["metadata"] = meta };
    }
}
