using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json.Nodes;
using PullDoctor.Testing.Resources;
using PullDoctor.Testing.Watch;

namespace PullDoctor.Testing.Storage;

/// <summary>
/// The whole cluster state: one table per stored resource, one global monotonically increasing
/// resourceVersion (like etcd's revision), watch history, and the uid and owner indexes the
/// garbage collector uses. Every write takes <see cref="Gate"/>, so resourceVersions, history
/// and watch delivery are totally ordered; reads use immutable snapshots and take no lock.
/// </summary>
public sealed class ObjectStore
{
    private readonly Dictionary<string, ResourceTable> _tables = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (ResourceTable Table, string Key)> _byUid = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<(ResourceTable Table, string Key)>> _byOwner = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Table, long Rv), (ImmutableList<StoredObject> Items, DateTimeOffset Expires)> _snapshots = [];
    private readonly int _historyCapacity;
    private long _resourceVersion;

    public ObjectStore(int historyCapacity, long initialResourceVersion = 1)
    {
        _historyCapacity = historyCapacity;
        _resourceVersion = initialResourceVersion;
    }

    /// <summary>Held for every write; hold it to make several reads and writes atomic.</summary>
    public Lock Gate { get; } = new();

    public long CurrentResourceVersion => Interlocked.Read(ref _resourceVersion);

    /// <summary>Raised (under the gate) after each committed change, for background controllers.</summary>
    public event Action<ResourceTable, WatchEvent>? Committed;

    public ResourceTable Table(ResourceType type)
    {
        ArgumentNullException.ThrowIfNull(type);
        lock (Gate)
        {
            if (!_tables.TryGetValue(type.StorageKey, out var table))
            {
                table = new ResourceTable(type, _historyCapacity);
                _tables[type.StorageKey] = table;
            }

            return table;
        }
    }

    public ResourceTable? FindTable(string storageKey)
    {
        lock (Gate)
        {
            return _tables.GetValueOrDefault(storageKey);
        }
    }

    public IReadOnlyList<ResourceTable> Tables()
    {
        lock (Gate)
        {
            return _tables.Values.ToArray();
        }
    }

    /// <summary>Stores a new version of an object (created or changed) with the next resourceVersion.</summary>
    public StoredObject Put(ResourceTable table, JsonObject obj, StoredObject? previous)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(obj);
        lock (Gate)
        {
            var rv = ++_resourceVersion;
            obj.Metadata()["resourceVersion"] = rv.ToString(CultureInfo.InvariantCulture);
            var stored = StoredObject.FromJson(obj, table.StorageType);
            table.Upsert(stored);
            if (previous is not null)
            {
                Unindex(table, previous);
            }

            Index(table, stored);
            Record(table, new WatchEvent(previous is null ? "ADDED" : "MODIFIED", stored, previous));
            return stored;
        }
    }

    /// <summary>Removes an object; its last state, stamped with the deletion's resourceVersion, is what watchers see.</summary>
    public StoredObject Remove(ResourceTable table, StoredObject current)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(current);
        lock (Gate)
        {
            var rv = ++_resourceVersion;
            var final = current.ToJsonObject();
            final.Metadata()["resourceVersion"] = rv.ToString(CultureInfo.InvariantCulture);
            var stored = StoredObject.FromJson(final, table.StorageType);
            table.Remove(current.Key);
            Unindex(table, current);
            Record(table, new WatchEvent("DELETED", stored, current));
            return stored;
        }
    }

    /// <summary>Drops a whole table (a deleted CRD): its objects vanish and its watches end.</summary>
    public void DropTable(string storageKey)
    {
        lock (Gate)
        {
            if (!_tables.Remove(storageKey, out var table))
            {
                return;
            }

            foreach (var obj in table.Items)
            {
                Unindex(table, obj);
            }

            foreach (var watcher in table.Watchers)
            {
                watcher.Complete();
            }

            table.Watchers.Clear();
            table.Clear();
        }
    }

    public (ResourceTable Table, StoredObject Object)? FindByUid(string uid)
    {
        lock (Gate)
        {
            if (_byUid.TryGetValue(uid, out var entry) && entry.Table.Get(entry.Key) is { } obj)
            {
                return (entry.Table, obj);
            }

            return null;
        }
    }

    public IReadOnlyList<(ResourceTable Table, StoredObject Object)> Dependents(string ownerUid)
    {
        lock (Gate)
        {
            if (!_byOwner.TryGetValue(ownerUid, out var set))
            {
                return [];
            }

            return set.Select(e => (e.Table, e.Table.Get(e.Key)))
                .Where(e => e.Item2 is not null)
                .Select(e => (e.Table, e.Item2!))
                .ToArray();
        }
    }

    internal void AddWatcher(ResourceTable table, Watcher watcher)
    {
        lock (Gate)
        {
            table.Watchers.Add(watcher);
        }
    }

    internal void RemoveWatcher(ResourceTable table, Watcher watcher)
    {
        lock (Gate)
        {
            table.Watchers.Remove(watcher);
        }
    }

    /// <summary>Ends every open watch (a dropped connection from the client's point of view).</summary>
    public int CloseAllWatches()
    {
        lock (Gate)
        {
            var count = 0;
            foreach (var table in _tables.Values)
            {
                foreach (var watcher in table.Watchers)
                {
                    watcher.Complete();
                    count++;
                }

                table.Watchers.Clear();
            }

            return count;
        }
    }

    /// <summary>Forgets all watch history and list snapshots: older resourceVersions and continue tokens get 410.</summary>
    public void Compact()
    {
        lock (Gate)
        {
            foreach (var table in _tables.Values)
            {
                table.History.Compact(_resourceVersion);
            }

            _snapshots.Clear();
        }
    }

    /// <summary>Keeps a list snapshot so continue tokens of a paginated list see one consistent state.</summary>
    internal void SaveSnapshot(ResourceTable table, long rv, ImmutableList<StoredObject> items, DateTimeOffset expires, int max)
    {
        lock (Gate)
        {
            _snapshots[(table.StorageType.StorageKey, rv)] = (items, expires);
            if (_snapshots.Count > max)
            {
                var oldest = _snapshots.OrderBy(s => s.Value.Expires).First().Key;
                _snapshots.Remove(oldest);
            }
        }
    }

    internal ImmutableList<StoredObject>? FindSnapshot(ResourceTable table, long rv, DateTimeOffset now)
    {
        lock (Gate)
        {
            if (!_snapshots.TryGetValue((table.StorageType.StorageKey, rv), out var entry))
            {
                return null;
            }

            if (entry.Expires < now)
            {
                _snapshots.Remove((table.StorageType.StorageKey, rv));
                return null;
            }

            return entry.Items;
        }
    }

    private void Record(ResourceTable table, WatchEvent e)
    {
        table.History.Add(e);
        foreach (var watcher in table.Watchers)
        {
            watcher.Offer(e);
        }

        if (table.Watchers.Count > 0)
        {
            table.Watchers.RemoveAll(w => w.Overflowed);
        }

        Committed?.Invoke(table, e);
    }

    private void Index(ResourceTable table, StoredObject obj)
    {
        if (obj.Uid.Length > 0)
        {
            _byUid[obj.Uid] = (table, obj.Key);
        }

        foreach (var owner in obj.Owners)
        {
            if (!_byOwner.TryGetValue(owner.Uid, out var set))
            {
                set = [];
                _byOwner[owner.Uid] = set;
            }

            set.Add((table, obj.Key));
        }
    }

    private void Unindex(ResourceTable table, StoredObject obj)
    {
        if (obj.Uid.Length > 0 && _byUid.TryGetValue(obj.Uid, out var entry) && entry.Table == table && entry.Key == obj.Key)
        {
            _byUid.Remove(obj.Uid);
        }

        foreach (var owner in obj.Owners)
        {
            if (_byOwner.TryGetValue(owner.Uid, out var set))
            {
                set.Remove((table, obj.Key));
                if (set.Count == 0)
                {
                    _byOwner.Remove(owner.Uid);
                }
            }
        }
    }
}
