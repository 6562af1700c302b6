using System.Globalization;
using System.Text.Json.Nodes;
using PullDoctor.Testing.Api;
using PullDoctor.Testing.Patching;
using PullDoctor.Testing.Resources;
using PullDoctor.Testing.Schema;
using PullDoctor.Testing.Selectors;

namespace PullDoctor.Testing.Storage;

/// <summary>
/// The REST semantics of kube-apiserver over the <see cref="ObjectStore"/>: create, get, list,
/// update, patch and delete with resourceVersion preconditions, status subresource isolation,
/// generation, finalizers and deletionTimestamp, defaulting, validation and field pruning.
/// Every write runs under the store's lock, so read-modify-write is atomic.
/// </summary>
public sealed class ResourceService
{
    private static readonly string[] VolatileMetadata = ["resourceVersion", "managedFields"];
    private static readonly string[] AllMetadata = ["metadata"];
    private static readonly string[] MetadataAndStatus = ["metadata", "status"];
    private static readonly string[] NoMembers = [];
    private readonly ObjectStore _store;
    private readonly ResourceRegistry _registry;
    private readonly KubeApiServerOptions _options;
    private readonly TimeProvider _time;

    public ResourceService(ObjectStore store, ResourceRegistry registry, KubeApiServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _store = store;
        _registry = registry;
        _options = options;
        _time = options.TimeProvider;
    }

    public ObjectStore Store => _store;

    public ResourceRegistry Registry => _registry;

    public ResourceType StorageTypeOf(ResourceType type)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (type.View is null)
        {
            return type;
        }

        return _registry.All.FirstOrDefault(t => t.StorageKey == type.StorageKey && t.View is null)
            ?? throw new InvalidOperationException($"no storage version for {type}");
    }

    public ResourceTable TableOf(ResourceType type) => _store.Table(StorageTypeOf(type));

    /// <summary>The object as the given version serves it.</summary>
    public JsonObject ToView(ResourceType type, StoredObject obj)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(obj);
        return type.View is null ? obj.ToJsonObject() : type.View.FromStorage(obj.ToJsonObject());
    }

    public ReadOnlyMemory<byte> ViewBytes(ResourceType type, StoredObject obj)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(obj);
        return type.View is null ? obj.Json : JsonUtil.ToUtf8(type.View.FromStorage(obj.ToJsonObject()));
    }

    public StoredObject Get(ResourceType type, string ns, string name)
    {
        ArgumentNullException.ThrowIfNull(type);
        return TableOf(type).Get(StoredObject.MakeKey(type.Namespaced ? ns : string.Empty, name))
            ?? throw ApiException.NotFound(type.GroupResource, name);
    }

    public ListPage List(ResourceType type, ObjectFilter filter, int? limit, string? continueToken, string? resourceVersion, string? resourceVersionMatch)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(filter);
        var table = TableOf(type);
        System.Collections.Immutable.ImmutableList<StoredObject> items;
        long rv;
        var startKey = string.Empty;
        if (!string.IsNullOrEmpty(continueToken))
        {
            if (!string.IsNullOrEmpty(resourceVersion) && resourceVersion != "0")
            {
                throw ApiException.BadRequest("specifying resource version is not allowed when using continue");
            }

            (rv, startKey) = ContinueToken.Decode(continueToken);
            if (rv == -1)
            {
                lock (_store.Gate)
                {
                    items = table.Items;
                    rv = _store.CurrentResourceVersion;
                }
            }
            else
            {
                items = _store.FindSnapshot(table, rv, _time.GetUtcNow())
                    ?? throw new ApiException(410, "Expired",
                        "The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.")
                    {
                        Continue = ContinueToken.Encode(-1, startKey),
                    };
            }
        }
        else
        {
            lock (_store.Gate)
            {
                items = table.Items;
                rv = _store.CurrentResourceVersion;
            }

            if (!string.IsNullOrEmpty(resourceVersion) && resourceVersion != "0")
            {
                var requested = ParseResourceVersion(resourceVersion);
                if (requested > rv)
                {
                    throw ApiException.TooLargeResourceVersion(requested, rv);
                }

                if (resourceVersionMatch == "Exact" && requested != rv)
                {
                    items = _store.FindSnapshot(table, requested, _time.GetUtcNow())
                        ?? throw ApiException.Expired($"too old resource version: {requested} ({rv})");
                    rv = requested;
                }
            }
        }

        var prefix = filter.Namespace is null || !type.Namespaced ? string.Empty : filter.Namespace + "/";
        var from = string.CompareOrdinal(startKey, prefix) > 0 ? startKey : prefix;
        var index = ResourceTable.LowerBound(items, from);
        var end = prefix.Length == 0 ? items.Count : ResourceTable.LowerBound(items, filter.Namespace + "0");
        var result = new List<StoredObject>();
        var max = limit is > 0 ? limit.Value : int.MaxValue;
        var nameOnly = filter.Fields.RequiredValue("metadata.name");
        if (nameOnly is not null && prefix.Length > 0)
        {
            // A single-object list (what kubectl and informers send for one name): skip the scan.
            var found = ResourceTable.Find(items, prefix + nameOnly);
            var matches = found is not null && string.CompareOrdinal(found.Key, from) >= 0 && filter.Matches(found);
            return new ListPage(matches ? [found!] : [], rv, null, null);
        }

        while (index < end && result.Count < max)
        {
            var item = items[index++];
            if (filter.Matches(item))
            {
                result.Add(item);
            }
        }

        string? next = null;
        long? remaining = null;
        if (index < end && result.Count >= max)
        {
            next = ContinueToken.Encode(rv, result[^1].Key + "\u0000");
            if (!filter.HasSelectors)
            {
                remaining = end - index;
            }

            _store.SaveSnapshot(table, rv, items, _time.GetUtcNow() + _options.ContinueTokenLifetime, max: 64);
        }

        return new ListPage(result, rv, next, remaining);
    }

    public JsonObject Create(ResourceType type, string ns, JsonObject body, WriteOptions options)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(options);
        var obj = Decode(type, body, options);
        var meta = obj.Metadata();
        ns = type.Namespaced ? ns : string.Empty;
        CheckNamespace(type, ns, meta);
        if (meta.GetString("resourceVersion") is { Length: > 0 })
        {
            throw ApiException.Internal("resourceVersion should not be set on objects to be created");
        }

        var storageType = StorageTypeOf(type);
        var stored = ToStorage(type, obj);
        var storedMeta = stored.Metadata();
        var explicitName = storedMeta.GetString("name");
        var generateName = storedMeta.GetString("generateName");
        if (string.IsNullOrEmpty(explicitName) && string.IsNullOrEmpty(generateName))
        {
            throw ApiException.Invalid(type.GroupKind, string.Empty, [FieldError.Required("metadata.name", "name or generateName is required")]);
        }

        // Everything that does not depend on other objects happens outside the store's lock.
        var now = _time.GetUtcNow();
        storedMeta["uid"] = Guid.NewGuid().ToString();
        storedMeta["resourceVersion"] = string.Empty;
        storedMeta["creationTimestamp"] = JsonUtil.FormatTime(now);
        storedMeta.Remove("deletionTimestamp");
        storedMeta.Remove("deletionGracePeriodSeconds");
        storedMeta.Remove("selfLink");
        storedMeta.Remove("managedFields");
        if (type.TracksGeneration)
        {
            storedMeta["generation"] = 1;
        }
        else
        {
            storedMeta.Remove("generation");
        }

        if (string.IsNullOrEmpty(explicitName))
        {
            storedMeta["name"] = generateName + RandomSuffix();
        }

        ValidateCreate(type, stored, storedMeta.GetString("name"));
        if (_options.TrackManagedFields)
        {
            var fields = ManagedFields.FieldSet(obj, SchemaOf(type), excludeStatus: type.HasStatus);
            ManagedFields.Record(stored, options.Manager, "Update", type.GroupVersion, null, fields, now);
        }

        stored = MetadataOrder.Normalize(stored);
        storedMeta = stored.Metadata();
        if (options.DryRun)
        {
            return FromStorage(type, stored);
        }

        lock (_store.Gate)
        {
            var table = _store.Table(storageType);
            var name = storedMeta.GetString("name")!;
            if (type.Namespaced)
            {
                RequireActiveNamespace(type, ns, name);
            }

            if (table.Get(StoredObject.MakeKey(ns, name)) is not null)
            {
                if (!string.IsNullOrEmpty(explicitName))
                {
                    throw ApiException.AlreadyExists(type.GroupResource, name);
                }

                // A generated name collided: draw again, as the registry's retry does.
                do
                {
                    name = generateName + RandomSuffix();
                }
                while (table.Get(StoredObject.MakeKey(ns, name)) is not null);
                storedMeta["name"] = name;
            }

            var committed = _store.Put(table, stored, null);
            AfterCommit(storageType, committed, null);
            return FromStorage(type, stored);
        }
    }

    public JsonObject Update(ResourceType type, string ns, string name, JsonObject body, string? subresource, WriteOptions options)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(options);
        var obj = Decode(type, body, options);
        var meta = obj.Metadata();
        var bodyName = meta.GetString("name");
        if (!string.IsNullOrEmpty(bodyName) && bodyName != name)
        {
            throw ApiException.BadRequest($"the name of the object ({bodyName}) does not match the name on the URL ({name})");
        }

        meta["name"] = name;
        ns = type.Namespaced ? ns : string.Empty;
        CheckNamespace(type, ns, meta);
        lock (_store.Gate)
        {
            var table = TableOf(type);
            var current = table.Get(StoredObject.MakeKey(ns, name));
            if (current is null)
            {
                if (type.AllowCreateOnUpdate && subresource is null)
                {
                    meta.Remove("resourceVersion");
                    return Create(type, ns, body, options);
                }

                throw ApiException.NotFound(type.GroupResource, name);
            }

            var bodyRv = meta.GetString("resourceVersion");
            if (string.IsNullOrEmpty(bodyRv))
            {
                if (!type.AllowUnconditionalUpdate)
                {
                    throw ApiException.Invalid(type.GroupKind, name, [FieldError.Invalid("metadata.resourceVersion", "0x0", "must be specified for an update")]);
                }
            }
            else if (bodyRv != current.ResourceVersion.ToString(CultureInfo.InvariantCulture))
            {
                throw ApiException.StaleResourceVersion(type.GroupResource, name);
            }

            return CommitUpdate(type, table, current, obj, subresource, options, "Update");
        }
    }

    public JsonObject Patch(ResourceType type, string ns, string name, string patchType, JsonNode? patch, string? subresource, WriteOptions options)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(patchType);
        ArgumentNullException.ThrowIfNull(options);
        ns = type.Namespaced ? ns : string.Empty;
        var isApply = patchType.StartsWith("application/apply-patch", StringComparison.Ordinal);
        if (isApply && string.IsNullOrEmpty(options.FieldManager))
        {
            throw ApiException.BadRequest("PATCH requests with apply content type must have a fieldManager");
        }

        lock (_store.Gate)
        {
            var table = TableOf(type);
            var current = table.Get(StoredObject.MakeKey(ns, name));
            if (current is null)
            {
                if (isApply && subresource is null && patch is JsonObject applyBody)
                {
                    var created = (JsonObject)applyBody.DeepClone();
                    created.Metadata()["name"] = name;
                    var createOptions = new WriteOptions { DryRun = options.DryRun, FieldManager = options.FieldManager, FieldValidation = options.FieldValidation, UserAgent = options.UserAgent };
                    var result = Create(type, ns, created, createOptions);
                    options.Warnings.AddRange(createOptions.Warnings);
                    return RecordApply(type, ns, name, applyBody, null, options, result);
                }

                throw ApiException.NotFound(type.GroupResource, name);
            }

            var live = ToView(type, current);
            JsonObject patched;
            switch (patchType)
            {
                case "application/merge-patch+json":
                    patched = JsonMergePatch.Apply(live, patch) as JsonObject ?? throw ApiException.BadRequest("merge patch must be a JSON object");
                    break;
                case "application/json-patch+json":
                    patched = JsonPatch.Apply(live, patch) as JsonObject ?? throw ApiException.BadRequest("patched document is not an object");
                    break;
                case "application/strategic-merge-patch+json":
                    if (type.IsCustomResource)
                    {
                        throw new ApiException(415, "UnsupportedMediaType",
                            "the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml");
                    }

                    patched = StrategicMergePatch.Apply(live, patch as JsonObject ?? throw ApiException.BadRequest("strategic merge patch must be a JSON object"), SchemaOf(type));
                    break;
                default:
                    if (!isApply)
                    {
                        throw ApiException.UnsupportedMediaType(patchType);
                    }

                    var applied = patch as JsonObject ?? throw ApiException.BadRequest("apply patch must be an object");
                    var schema = SchemaOf(type);
                    var previous = ManagedFields.Find(live, options.FieldManager!, "Apply", subresource);
                    var appliedFields = ManagedFields.FieldSet(applied, schema, excludeStatus: false);
                    patched = ServerSideApply.Apply(live, applied, schema, previous, appliedFields);
                    if (subresource is null && type.HasStatus)
                    {
                        appliedFields.Remove("f:status");
                    }

                    var applyResult = CommitPatched(type, table, current, patched, subresource, options, "Apply", appliedFields);
                    return applyResult;
            }

            return CommitPatched(type, table, current, patched, subresource, options, "Update", null);
        }
    }

    public (JsonObject Object, bool Deleted) Delete(ResourceType type, string ns, string name, DeleteOptions options)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(options);
        ns = type.Namespaced ? ns : string.Empty;
        lock (_store.Gate)
        {
            var table = TableOf(type);
            var current = table.Get(StoredObject.MakeKey(ns, name)) ?? throw ApiException.NotFound(type.GroupResource, name);
            if (options.PreconditionUid is { Length: > 0 } uid && uid != current.Uid)
            {
                throw ApiException.Conflict(type.GroupResource, name, $"Precondition failed: UID in precondition: {uid}, UID in object meta: {current.Uid}");
            }

            if (options.PreconditionResourceVersion is { Length: > 0 } rv && rv != current.ResourceVersion.ToString(CultureInfo.InvariantCulture))
            {
                throw ApiException.Conflict(type.GroupResource, name, $"Precondition failed: ResourceVersion in precondition: {rv}, ResourceVersion in object meta: {current.ResourceVersion}");
            }

            var policy = options.PropagationPolicy;
            var obj = current.ToJsonObject();
            var meta = obj.Metadata();
            var finalizers = meta["finalizers"] as JsonArray ?? [];
            var added = false;
            if (policy == "Foreground" && !finalizers.Any(f => f?.ToString() == "foregroundDeletion"))
            {
                finalizers.Add("foregroundDeletion");
                added = true;
            }
            else if (policy == "Orphan" && !finalizers.Any(f => f?.ToString() == "orphan"))
            {
                finalizers.Add("orphan");
                added = true;
            }

            if (type.StorageKey == "namespaces" && obj["spec"]?["finalizers"] is JsonArray { Count: > 0 })
            {
                // Namespaces finalize through spec.finalizers: the namespace controller empties them, then removes it.
                if (!current.IsDeleting)
                {
                    meta["deletionTimestamp"] = JsonUtil.FormatTime(_time.GetUtcNow());
                    meta["deletionGracePeriodSeconds"] = 0;
                    obj.GetOrAddObject("status")["phase"] = "Terminating";
                    if (!options.DryRun)
                    {
                        current = _store.Put(table, MetadataOrder.Normalize(obj), current);
                    }
                }

                return (ToView(type, current), false);
            }

            if (finalizers.Count > 0)
            {
                if (added)
                {
                    meta["finalizers"] = finalizers;
                }

                if (!current.IsDeleting || added)
                {
                    if (!current.IsDeleting)
                    {
                        meta["deletionTimestamp"] = JsonUtil.FormatTime(_time.GetUtcNow());
                        meta["deletionGracePeriodSeconds"] = 0;
                    }

                    if (type.TracksGeneration && !current.IsDeleting)
                    {
                        meta["generation"] = (meta["generation"]?.GetValue<long>() ?? 0) + 1;
                    }

                    if (!options.DryRun)
                    {
                        current = _store.Put(table, MetadataOrder.Normalize(obj), current);
                    }
                }

                return (ToView(type, current), false);
            }

            if (options.DryRun)
            {
                return (ToView(type, current), true);
            }

            var final = _store.Remove(table, current);
            return (ToView(type, final), true);
        }
    }

    /// <summary>Removes an object whose finalizers are done, or that a controller deletes outright.</summary>
    internal void RemoveNow(ResourceTable table, StoredObject current)
    {
        lock (_store.Gate)
        {
            if (table.Get(current.Key) is { } live && live.Uid == current.Uid)
            {
                _store.Remove(table, live);
            }
        }
    }

    /// <summary>Applies a change to the latest version of an object under the lock, for controllers.</summary>
    internal void Mutate(ResourceTable table, string key, string uid, Func<JsonObject, bool> change)
    {
        lock (_store.Gate)
        {
            if (table.Get(key) is not { } current || current.Uid != uid)
            {
                return;
            }

            var obj = current.ToJsonObject();
            if (!change(obj))
            {
                return;
            }

            var meta = obj.Metadata();
            if (current.IsDeleting && meta["finalizers"] is not JsonArray { Count: > 0 }
                && !(table.StorageType.StorageKey == "namespaces" && obj["spec"]?["finalizers"] is JsonArray { Count: > 0 }))
            {
                _store.Remove(table, current);
                return;
            }

            _store.Put(table, MetadataOrder.Normalize(obj), current);
        }
    }

    private JsonObject RecordApply(ResourceType type, string ns, string name, JsonObject applied, string? subresource, WriteOptions options, JsonObject result)
    {
        if (!_options.TrackManagedFields || options.DryRun)
        {
            return result;
        }

        // The object was created by an apply: its managedFields entry says Apply, not Update.
        var table = TableOf(type);
        var current = table.Get(StoredObject.MakeKey(ns, name));
        if (current is null)
        {
            return result;
        }

        var obj = current.ToJsonObject();
        var entries = obj.Metadata()["managedFields"] as JsonArray;
        entries?.Clear();
        var fields = ManagedFields.FieldSet(applied, SchemaOf(type), excludeStatus: type.HasStatus);
        ManagedFields.Record(obj, options.FieldManager!, "Apply", type.GroupVersion, subresource, fields, _time.GetUtcNow());
        var committed = _store.Put(table, MetadataOrder.Normalize(obj), current);
        return ToView(type, committed);
    }

    private JsonObject CommitPatched(ResourceType type, ResourceTable table, StoredObject current, JsonObject patched, string? subresource,
        WriteOptions options, string operation, JsonObject? appliedFields)
    {
        var decoded = Decode(type, patched, options, owned: true);
        var meta = decoded.Metadata();
        var patchedRv = meta.GetString("resourceVersion");
        if (!string.IsNullOrEmpty(patchedRv) && patchedRv != current.ResourceVersion.ToString(CultureInfo.InvariantCulture))
        {
            throw ApiException.StaleResourceVersion(type.GroupResource, current.Name);
        }

        if (meta.GetString("name") != current.Name)
        {
            throw ApiException.BadRequest($"the name of the object ({meta.GetString("name")}) does not match the name on the URL ({current.Name})");
        }

        return CommitUpdate(type, table, current, decoded, subresource, options, operation, appliedFields);
    }

    private JsonObject CommitUpdate(ResourceType type, ResourceTable table, StoredObject current, JsonObject served, string? subresource,
        WriteOptions options, string operation, JsonObject? appliedFields = null)
    {
        var old = current.ToJsonObject();
        var incoming = ToStorage(type, served);
        JsonObject next;
        if (subresource == "status")
        {
            // /status takes only status from the body; everything else stays as it is.
            next = (JsonObject)old.DeepClone();
            if (incoming["status"] is { } status)
            {
                next["status"] = status.DeepClone();
            }
            else
            {
                next.Remove("status");
            }
        }
        else
        {
            next = incoming;
            if (type.HasStatus)
            {
                if (old["status"] is { } oldStatus)
                {
                    next["status"] = oldStatus.DeepClone();
                }
                else
                {
                    next.Remove("status");
                }
            }
        }

        var nextMeta = next.Metadata();
        var oldMeta = old.Metadata();
        foreach (var field in new[] { "uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "generation", "namespace", "managedFields" })
        {
            if (oldMeta[field] is { } value)
            {
                nextMeta[field] = value.DeepClone();
            }
            else
            {
                nextMeta.Remove(field);
            }
        }

        nextMeta["name"] = current.Name;
        nextMeta["resourceVersion"] = current.ResourceVersion.ToString(CultureInfo.InvariantCulture);
        nextMeta.Remove("selfLink");
        if (current.IsDeleting && nextMeta["finalizers"] is JsonArray newFinalizers)
        {
            // Once deleting, finalizers can only be removed, never added.
            var had = current.Finalizers.ToHashSet(StringComparer.Ordinal);
            var illegal = newFinalizers.Select(f => f?.ToString() ?? string.Empty).Where(f => !had.Contains(f)).ToArray();
            if (illegal.Length > 0)
            {
                throw ApiException.Invalid(type.GroupKind, current.Name, [FieldError.Forbidden("metadata.finalizers", $"no new finalizers can be added if the object is being deleted, found new finalizers []string{{\"{string.Join("\", \"", illegal)}\"}}")]);
            }
        }

        var errors = new List<FieldError>();
        if (subresource != "status")
        {
            type.Strategy.Validate(next, old, type, errors);
            ValidateMetadata(type, next, errors);
        }

        if (errors.Count > 0)
        {
            throw ApiException.Invalid(type.GroupKind, current.Name, errors);
        }

        if (type.TracksGeneration && subresource != "status")
        {
            var ignored = type.HasStatus ? MetadataAndStatus : AllMetadata;
            if (!JsonUtil.EqualsIgnoring(next, old, ignored, NoMembers))
            {
                nextMeta["generation"] = (oldMeta["generation"]?.GetValue<long>() ?? 0) + 1;
            }
        }

        if (JsonUtil.EqualsIgnoring(next, old, NoMembers, VolatileMetadata))
        {
            // A no-op write changes nothing, not even the resourceVersion, and sends no watch event.
            return ToView(type, current);
        }

        if (_options.TrackManagedFields)
        {
            var fields = appliedFields ?? (subresource == "status"
                ? new JsonObject { ["f:status"] = ManagedFields.FieldSet(new JsonObject { ["status"] = next["status"]?.DeepClone() }, SchemaOf(type), false)["f:status"]?.DeepClone() ?? new JsonObject() }
                : ManagedFields.FieldSet(served, SchemaOf(type), excludeStatus: type.HasStatus));
            ManagedFields.Record(next, options.Manager, operation, type.GroupVersion, subresource, fields, _time.GetUtcNow());
        }

        next = MetadataOrder.Normalize(next);
        if (options.DryRun)
        {
            return FromStorage(type, next);
        }

        if (current.IsDeleting && next.Metadata()["finalizers"] is not JsonArray { Count: > 0 }
            && !(table.StorageType.StorageKey == "namespaces" && next["spec"]?["finalizers"] is JsonArray { Count: > 0 }))
        {
            var removed = _store.Remove(table, current);
            return ToView(type, removed);
        }

        var committed = _store.Put(table, next, current);
        AfterCommit(table.StorageType, committed, current);
        return FromStorage(type, next);
    }

    private JsonObject Decode(ResourceType type, JsonObject body, WriteOptions options, bool owned = false)
    {
        var obj = owned ? body : (JsonObject)body.DeepClone();
        var apiVersion = obj.GetString("apiVersion");
        if (!string.IsNullOrEmpty(apiVersion) && apiVersion != type.GroupVersion)
        {
            throw ApiException.BadRequest($"the API version in the data ({apiVersion}) does not match the expected API version ({type.GroupVersion})");
        }

        var kind = obj.GetString("kind");
        if (!string.IsNullOrEmpty(kind) && kind != type.Kind)
        {
            throw ApiException.BadRequest($"the kind in the data ({kind}) does not match the expected kind ({type.Kind})");
        }

        obj["apiVersion"] = type.GroupVersion;
        obj["kind"] = type.Kind;
        if (obj["metadata"] is not JsonObject)
        {
            obj["metadata"] = new JsonObject();
        }

        var name = obj.Metadata().GetString("name") ?? string.Empty;
        SchemaWalker? walker = null;
        if (type.IsCustomResource && type.Schema is { } crSchema)
        {
            walker = SchemaWalker.WalkCustomResource(obj, SchemaNode.Of(crSchema, SchemaCatalog.Instance));
        }
        else if (SchemaOf(type) is { } schema)
        {
            walker = SchemaWalker.WalkBuiltIn(obj, schema);
            if (walker.Errors.Count > 0)
            {
                var e = walker.Errors[0];
                throw ApiException.BadRequest($"{type.Kind} in version \"{type.Version}\" cannot be handled as a {type.Kind}: json: cannot unmarshal {Between(e.Detail, "\"", "\"", last: true)} into Go struct field {type.Kind}.{e.Field} of type {Between(e.Detail, "must be of type ", ":", last: false)}");
            }
        }

        if (walker is not null)
        {
            if (walker.UnknownFields.Count > 0)
            {
                switch (options.FieldValidation)
                {
                    case "Strict":
                        throw ApiException.BadRequest($"{type.Kind} in version \"{type.Version}\" cannot be handled as a {type.Kind}: strict decoding error: {string.Join(", ", walker.UnknownFields.Select(f => $"unknown field \"{f}\""))}");
                    case "Ignore":
                        break;
                    default:
                        options.Warnings.AddRange(walker.UnknownFields.Select(f => $"unknown field \"{f}\""));
                        break;
                }
            }

            if (walker.Errors.Count > 0)
            {
                throw ApiException.Invalid(type.GroupKind, name, walker.Errors);
            }
        }

        var servedErrors = new List<FieldError>();
        type.Strategy.ValidateServed(obj, type, servedErrors);
        if (servedErrors.Count > 0)
        {
            throw ApiException.Invalid(type.GroupKind, name, servedErrors);
        }

        return obj;
    }

    private static string Between(string text, string start, string end, bool last)
    {
        var from = last ? text.LastIndexOf(start, text.Length - 2, StringComparison.Ordinal) : text.IndexOf(start, StringComparison.Ordinal);
        if (from < 0)
        {
            return text;
        }

        from += start.Length;
        var to = text.IndexOf(end, from, StringComparison.Ordinal);
        return to < 0 ? text[from..] : text[from..to];
    }

    private static void ValidateCreate(ResourceType type, JsonObject stored, string? name)
    {
        var errors = new List<FieldError>();
        if (type.HasStatus && type.Strategy.ResetsStatusOnCreate)
        {
            stored.Remove("status");
        }

        type.Strategy.PrepareForCreate(stored, type);
        ValidateMetadata(type, stored, errors);
        type.Strategy.Validate(stored, null, type, errors);
        if (errors.Count > 0)
        {
            throw ApiException.Invalid(type.GroupKind, name ?? string.Empty, errors);
        }
    }

    private static void ValidateMetadata(ResourceType type, JsonObject obj, List<FieldError> errors)
    {
        var meta = obj.Metadata();
        NameValidation.Check(meta.GetString("name") ?? string.Empty, type.Strategy.NameFormat, "metadata.name", errors);
        if (meta["labels"] is JsonObject labels)
        {
            foreach (var (key, value) in labels)
            {
                var text = value?.ToString() ?? string.Empty;
                if (text.Length > 63)
                {
                    errors.Add(FieldError.Invalid($"metadata.labels", "\"" + text + "\"", "must be no more than 63 characters"));
                }

                if (key.Length == 0 || key.Length > 316)
                {
                    errors.Add(FieldError.Invalid("metadata.labels", "\"" + key + "\"", "name part must be non-empty"));
                }
            }
        }

        if (meta["ownerReferences"] is JsonArray owners)
        {
            for (var i = 0; i < owners.Count; i++)
            {
                var owner = owners[i] as JsonObject;
                foreach (var field in new[] { "apiVersion", "kind", "name", "uid" })
                {
                    if (string.IsNullOrEmpty(owner?[field]?.ToString()))
                    {
                        errors.Add(field == "uid"
                            ? FieldError.Invalid($"metadata.ownerReferences.uid", "\"\"", "uid must not be empty")
                            : FieldError.Invalid($"metadata.ownerReferences.{field}", "\"\"", $"{field} must not be empty"));
                    }
                }
            }

            if (owners.OfType<JsonObject>().Count(o => o["controller"]?.GetValue<bool>() == true) > 1)
            {
                errors.Add(FieldError.Invalid("metadata.ownerReferences", "[]", "Only one reference can have Controller set to true."));
            }
        }
    }

    private static void CheckNamespace(ResourceType type, string ns, JsonObject meta)
    {
        var bodyNs = meta.GetString("namespace");
        if (type.Namespaced)
        {
            if (!string.IsNullOrEmpty(bodyNs) && bodyNs != ns)
            {
                throw ApiException.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
            }

            meta["namespace"] = ns;
        }
        else
        {
            meta.Remove("namespace");
        }
    }

    private void RequireActiveNamespace(ResourceType type, string ns, string name)
    {
        var namespaces = _store.FindTable("namespaces");
        var found = namespaces?.Get(ns) ?? throw ApiException.NotFound(new GroupResource(string.Empty, "namespaces"), ns);
        if (found.IsDeleting)
        {
            var e = ApiException.Forbidden(type.GroupResource, name, $"unable to create new content in namespace {ns} because it is being terminated");
            e.Details?["causes"] = new JsonArray(new JsonObject
            {
                ["reason"] = "NamespaceTerminating",
                ["message"] = $"namespace {ns} is being terminated",
                ["field"] = "metadata.namespace",
            });
            throw e;
        }
    }

    private JsonObject ToStorage(ResourceType type, JsonObject served) =>
        type.View is null ? served : type.View.ToStorage(served);

    private JsonObject FromStorage(ResourceType type, JsonObject stored) =>
        type.View is null ? stored : type.View.FromStorage(stored);

    private static SchemaNode? SchemaOf(ResourceType type) =>
        type.IsCustomResource
            ? type.Schema is { } s ? SchemaNode.Of(s, SchemaCatalog.Instance) : null
            : SchemaCatalog.Instance.ForKind(type.Group, type.Version, type.Kind);

    private static long ParseResourceVersion(string text) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var rv)
            ? rv
            : throw ApiException.BadRequest($"resourceVersion: Invalid value: \"{text}\": strconv.ParseUint: parsing \"{text}\": invalid syntax");

    private static string RandomSuffix()
    {
        // apiserver's generateName alphabet: no vowels, no confusable characters.
        const string Alphabet = "bcdfghjklmnpqrstvwxz2456789";
        Span<char> chars = stackalloc char[5];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = Alphabet[Random.Shared.Next(Alphabet.Length)];
        }

        return new string(chars);
    }

    /// <summary>What the apiextensions and service-account controllers do right after a write.</summary>
    private void AfterCommit(ResourceType storageType, StoredObject committed, StoredObject? previous)
    {
        switch (storageType.StorageKey)
        {
            case "customresourcedefinitions.apiextensions.k8s.io":
                EstablishCrd(committed);
                break;
            case "namespaces" when previous is null:
                var accounts = _registry.Find(string.Empty, "v1", "serviceaccounts")!;
                var table = _store.Table(accounts);
                if (table.Get(committed.Name + "/default") is null)
                {
                    var sa = new JsonObject
                    {
                        ["kind"] = "ServiceAccount",
                        ["apiVersion"] = "v1",
                        ["metadata"] = new JsonObject
                        {
                            ["name"] = "default",
                            ["namespace"] = committed.Name,
                            ["uid"] = Guid.NewGuid().ToString(),
                            ["creationTimestamp"] = JsonUtil.FormatTime(_time.GetUtcNow()),
                        },
                    };
                    _store.Put(table, sa, null);
                }

                break;
            default:
                break;
        }
    }

    private void EstablishCrd(StoredObject crdObject)
    {
        var crd = crdObject.ToJsonObject();
        if (crdObject.IsDeleting)
        {
            return;
        }

        var types = CustomResourceTypes.FromCrd(crd);
        _registry.ReplaceCustom(crdObject.Name, types);
        var storageType = types.FirstOrDefault(t => t.View is null);
        if (storageType is not null)
        {
            _store.Table(storageType).StorageType = storageType;
        }

        var status = crd["status"] as JsonObject;
        var established = (status?["conditions"] as JsonArray)?.OfType<JsonObject>()
            .Any(c => c.GetString("type") == "Established" && c.GetString("status") == "True") == true;
        var names = crd["spec"]?["names"]?.DeepClone();
        if (established && JsonNode.DeepEquals(status?["acceptedNames"], names))
        {
            return;
        }

        var now = JsonUtil.FormatTime(_time.GetUtcNow());
        var storageVersion = storageType?.Version ?? string.Empty;
        crd["status"] = new JsonObject
        {
            ["conditions"] = new JsonArray(
                new JsonObject { ["type"] = "NamesAccepted", ["status"] = "True", ["lastTransitionTime"] = now, ["reason"] = "NoConflicts", ["message"] = "no conflicts found" },
                new JsonObject { ["type"] = "Established", ["status"] = "True", ["lastTransitionTime"] = now, ["reason"] = "InitialNamesAccepted", ["message"] = "the initial names have been accepted" }),
            ["acceptedNames"] = names,
            ["storedVersions"] = new JsonArray(storageVersion),
        };
        var table = _store.FindTable(crdObject is null ? string.Empty : "customresourcedefinitions.apiextensions.k8s.io")!;
        _store.Put(table, MetadataOrder.Normalize(crd), crdObject);
    }
}
