using System.Text.Json.Nodes;
using System.Threading.Channels;
using PullDoctor.Testing.Api;
using PullDoctor.Testing.Resources;
using PullDoctor.Testing.Storage;

namespace PullDoctor.Testing.Controllers;

/// <summary>
/// The controllers a cluster runs that clients observe through the API: the garbage collector
/// (background, foreground and orphan propagation over ownerReferences), the namespace controller
/// (empties a terminating namespace, then removes it) and the apiextensions finalizer (deletes a
/// CRD's objects before the CRD goes). They run asynchronously, as in a real cluster.
/// </summary>
internal sealed class BackgroundControllers : IAsyncDisposable
{
    private readonly ResourceService _service;
    private readonly KubeApiServerOptions _options;
    private readonly Channel<Work> _queue = Channel.CreateUnbounded<Work>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _pending;

    public BackgroundControllers(ResourceService service, KubeApiServerOptions options)
    {
        _service = service;
        _options = options;
        service.Store.Committed += OnCommitted;
        _loop = Task.Run(() => RunAsync(_stop.Token));
    }

    private enum WorkKind
    {
        OwnerGone,
        OwnerCheck,
        Foreground,
        Orphan,
        Namespace,
        Crd,
    }

    /// <summary>Completes when no controller work is queued or running.</summary>
    public async Task WhenIdleAsync(CancellationToken cancellationToken = default)
    {
        while (Volatile.Read(ref _pending) > 0)
        {
            await Task.Delay(5, cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _service.Store.Committed -= OnCommitted;
        _queue.Writer.TryComplete();
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }

        _stop.Dispose();
    }

    private void OnCommitted(ResourceTable table, WatchEvent e)
    {
        var obj = e.Object;
        if (e.Type == "DELETED")
        {
            Enqueue(new Work(WorkKind.OwnerGone, table, obj.Key, obj.Uid));
            foreach (var owner in obj.Owners)
            {
                Enqueue(new Work(WorkKind.OwnerCheck, null, string.Empty, owner.Uid));
            }

            return;
        }

        if (!obj.IsDeleting)
        {
            return;
        }

        if (obj.Finalizers.Contains("foregroundDeletion"))
        {
            Enqueue(new Work(WorkKind.Foreground, table, obj.Key, obj.Uid));
        }

        if (obj.Finalizers.Contains("orphan"))
        {
            Enqueue(new Work(WorkKind.Orphan, table, obj.Key, obj.Uid));
        }

        if (table.StorageType.StorageKey == "namespaces" && e.Previous is { IsDeleting: false })
        {
            Enqueue(new Work(WorkKind.Namespace, table, obj.Key, obj.Uid));
        }

        if (table.StorageType.StorageKey == "customresourcedefinitions.apiextensions.k8s.io" && obj.Finalizers.Contains(CrdStrategy.CleanupFinalizer))
        {
            Enqueue(new Work(WorkKind.Crd, table, obj.Key, obj.Uid));
        }
    }

    private void Enqueue(Work work)
    {
        Interlocked.Increment(ref _pending);
        if (!_queue.Writer.TryWrite(work))
        {
            Interlocked.Decrement(ref _pending);
        }
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        await foreach (var work in _queue.Reader.ReadAllAsync(cancellationToken))
        {
            try
            {
                if (_options.ControllerDelay > TimeSpan.Zero)
                {
                    await Task.Delay(_options.ControllerDelay, _options.TimeProvider, cancellationToken);
                }

                if (Process(work))
                {
                    // Something still blocks (finalizers of dependents): look again shortly. A blocked
                    // item does not count as pending work, so WhenIdleAsync means "nothing runnable".
                    _ = RetryLaterAsync(work, cancellationToken);
                }
            }
            catch (ApiException)
            {
                // Objects change under the controllers; the next event brings them back.
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A controller bug must not stop the others (or hang WhenIdleAsync); report it where tests look.
                Console.Error.WriteLine($"kube-api-server controller {work.Kind} failed: {e}");
            }

            Interlocked.Decrement(ref _pending);
        }
    }

    private async Task RetryLaterAsync(Work work, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
            Enqueue(work);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    private bool Process(Work work) => work.Kind switch
    {
        WorkKind.OwnerGone => CollectDependents(work.Uid),
        WorkKind.OwnerCheck => FinishForegroundIfDone(work.Uid),
        WorkKind.Foreground => DeleteForeground(work),
        WorkKind.Orphan => Orphan(work),
        WorkKind.Namespace => EmptyNamespace(work),
        WorkKind.Crd => RemoveCustomResources(work),
        _ => false,
    };

    /// <summary>Background propagation: a dependent whose owners are all gone is deleted; dangling references are dropped.</summary>
    private bool CollectDependents(string ownerUid)
    {
        foreach (var (table, dependent) in _service.Store.Dependents(ownerUid))
        {
            var living = dependent.Owners.Where(o => _service.Store.FindByUid(o.Uid) is not null).ToArray();
            if (living.Length == 0)
            {
                TryDelete(table.StorageType, dependent, "Background");
            }
            else
            {
                _service.Mutate(table, dependent.Key, dependent.Uid, obj =>
                {
                    if (obj.Metadata()["ownerReferences"] is not JsonArray refs)
                    {
                        return false;
                    }

                    foreach (var dangling in refs.OfType<JsonObject>().Where(r => r.GetString("uid") == ownerUid).ToArray())
                    {
                        refs.Remove(dangling);
                    }

                    return true;
                });
            }
        }

        return false;
    }

    private bool DeleteForeground(Work work)
    {
        foreach (var (table, dependent) in _service.Store.Dependents(work.Uid))
        {
            if (!dependent.IsDeleting)
            {
                TryDelete(table.StorageType, dependent, "Foreground");
            }
        }

        return FinishForegroundIfDone(work.Uid);
    }

    /// <summary>Once no dependent blocks it, the owner loses its foregroundDeletion finalizer (and goes, if that was the last).</summary>
    private bool FinishForegroundIfDone(string ownerUid)
    {
        if (_service.Store.FindByUid(ownerUid) is not { } found || !found.Object.IsDeleting || !found.Object.Finalizers.Contains("foregroundDeletion"))
        {
            return false;
        }

        var blocking = _service.Store.Dependents(ownerUid)
            .Any(d => d.Object.Owners.Any(o => o.Uid == ownerUid && o.BlockOwnerDeletion));
        if (blocking)
        {
            return false;
        }

        _service.Mutate(found.Table, found.Object.Key, ownerUid, obj => RemoveFinalizer(obj, "foregroundDeletion"));
        return false;
    }

    private bool Orphan(Work work)
    {
        foreach (var (table, dependent) in _service.Store.Dependents(work.Uid))
        {
            _service.Mutate(table, dependent.Key, dependent.Uid, obj =>
            {
                if (obj.Metadata()["ownerReferences"] is not JsonArray refs)
                {
                    return false;
                }

                foreach (var owned in refs.OfType<JsonObject>().Where(r => r.GetString("uid") == work.Uid).ToArray())
                {
                    refs.Remove(owned);
                }

                if (refs.Count == 0)
                {
                    obj.Metadata().Remove("ownerReferences");
                }

                return true;
            });
        }

        _service.Mutate(work.Table!, work.Key, work.Uid, obj => RemoveFinalizer(obj, "orphan"));
        return false;
    }

    private bool EmptyNamespace(Work work)
    {
        var remaining = 0;
        foreach (var table in _service.Store.Tables())
        {
            if (!table.StorageType.Namespaced)
            {
                continue;
            }

            var prefix = work.Key + "/";
            var items = table.Items;
            for (var i = ResourceTable.LowerBound(items, prefix); i < items.Count && items[i].Key.StartsWith(prefix, StringComparison.Ordinal); i++)
            {
                remaining++;
                if (!items[i].IsDeleting)
                {
                    TryDelete(table.StorageType, items[i], "Background");
                }
            }
        }

        if (remaining > 0 && AnyLeft(work.Key))
        {
            return true;
        }

        _service.Mutate(work.Table!, work.Key, work.Uid, obj =>
        {
            obj.GetOrAddObject("spec")["finalizers"] = new JsonArray();
            return true;
        });
        return false;
    }

    private bool AnyLeft(string ns)
    {
        var prefix = ns + "/";
        return _service.Store.Tables().Where(t => t.StorageType.Namespaced).Any(t =>
        {
            var items = t.Items;
            var i = ResourceTable.LowerBound(items, prefix);
            return i < items.Count && items[i].Key.StartsWith(prefix, StringComparison.Ordinal);
        });
    }

    private bool RemoveCustomResources(Work work)
    {
        var crd = work.Table!.Get(work.Key);
        if (crd is null)
        {
            return false;
        }

        var spec = crd.ToJsonObject()["spec"] as JsonObject;
        var storageKey = $"{spec?["names"]?["plural"]}.{spec?.GetString("group")}";
        var table = _service.Store.FindTable(storageKey);
        if (table is not null)
        {
            foreach (var item in table.Items)
            {
                if (!item.IsDeleting)
                {
                    TryDelete(table.StorageType, item, "Background");
                }
            }

            if (table.Count > 0)
            {
                return true;
            }

            _service.Store.DropTable(storageKey);
        }

        _service.Registry.ReplaceCustom(crd.Name, []);
        _service.Mutate(work.Table!, work.Key, work.Uid, obj => RemoveFinalizer(obj, CrdStrategy.CleanupFinalizer));
        return false;
    }

    private void TryDelete(ResourceType type, StoredObject obj, string propagation)
    {
        try
        {
            _service.Delete(type, obj.Namespace, obj.Name, new DeleteOptions { PropagationPolicy = propagation, PreconditionUid = obj.Uid });
        }
        catch (ApiException e) when (e.Code is 404 or 409)
        {
            // Already gone, or replaced by a new object of the same name.
        }
    }

    private static bool RemoveFinalizer(JsonObject obj, string finalizer)
    {
        if (obj.Metadata()["finalizers"] is not JsonArray finalizers)
        {
            return false;
        }

        var match = finalizers.FirstOrDefault(f => f?.ToString() == finalizer);
        if (match is null)
        {
            return false;
        }

        finalizers.Remove(match);
        if (finalizers.Count == 0)
        {
            obj.Metadata().Remove("finalizers");
        }

        return true;
    }

    private sealed record Work(WorkKind Kind, ResourceTable? Table, string Key, string Uid);
}
