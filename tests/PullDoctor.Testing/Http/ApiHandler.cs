using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using PullDoctor.Testing.Api;
using PullDoctor.Testing.Diagnostics;
using PullDoctor.Testing.Faults;
using PullDoctor.Testing.Resources;
using PullDoctor.Testing.Selectors;
using PullDoctor.Testing.Storage;
using PullDoctor.Testing.Watch;
using PullDoctor.Testing.Yaml;

namespace PullDoctor.Testing.Http;

/// <summary>
/// The HTTP front of the server: decodes the request like kube-apiserver's handler chain, applies
/// scripted faults, dispatches to the REST semantics, writes JSON (objects, lists, tables, Status
/// errors, watch streams) and logs every request.
/// </summary>
internal sealed class ApiHandler
{
    private static readonly byte[] Comma = ","u8.ToArray();
    private readonly ResourceService _service;
    private readonly WatchHub _watches;
    private readonly FaultInjector _faults;
    private readonly RequestLog _log;
    private readonly KubeApiServerOptions _options;
    private readonly Discovery _discovery;
    private readonly OpenApiDocuments _openApi;

    public ApiHandler(ResourceService service, WatchHub watches, FaultInjector faults, RequestLog log, KubeApiServerOptions options)
    {
        _service = service;
        _watches = watches;
        _faults = faults;
        _log = log;
        _options = options;
        _discovery = new Discovery(service.Registry, options);
        _openApi = new OpenApiDocuments(service.Registry);
    }

    public async Task HandleAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        var http = context.Request;
        var query = http.Query;
        var watchParam = IsTrue(query["watch"]);
        var request = ApiRequest.Parse(http.Method, http.Path.Value ?? "/", watchParam);
        try
        {
            if (request is not null)
            {
                if (_faults.Match(request, FaultKind.Delay) is { } delay)
                {
                    await Task.Delay(delay.DelayBy, context.RequestAborted);
                }

                if (_faults.Match(request, FaultKind.Abort) is not null)
                {
                    context.Abort();
                    return;
                }

                // Authorization runs before the resource is looked up, as in the real API server's handler chain.
                _faults.Authorization.Check(request);

                if (_faults.Match(request, FaultKind.Fail) is { } fail)
                {
                    var message = fail.Message ?? DefaultFaultMessage(fail.StatusCode);
                    throw ApiException.FromStatusCode(fail.StatusCode, message, fail.RetryAfter);
                }

                await HandleResourceAsync(context, request);
            }
            else
            {
                await HandleNonResourceAsync(context);
            }
        }
        catch (ApiException e)
        {
            await WriteErrorAsync(context, e);
        }
        catch (JsonException e)
        {
            await WriteErrorAsync(context, ApiException.BadRequest(e.Message));
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            await WriteErrorAsync(context, ApiException.BadRequest("error converting YAML to JSON: " + e.Message));
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away (a watch being closed, usually).
        }
        finally
        {
            var elapsed = Stopwatch.GetElapsedTime(started);
            _log.Add(new RequestRecord(
                _options.TimeProvider.GetUtcNow(),
                http.Method,
                http.Path.Value ?? string.Empty,
                http.QueryString.Value ?? string.Empty,
                request?.Verb ?? string.Empty,
                request?.Group ?? string.Empty,
                request?.Version ?? string.Empty,
                request?.Resource ?? string.Empty,
                request?.Subresource,
                request?.Namespace ?? string.Empty,
                request?.Name ?? string.Empty,
                context.Response.StatusCode,
                elapsed,
                http.Headers.UserAgent.ToString(),
                http.Protocol));
        }
    }

    private static string DefaultFaultMessage(int code) => code switch
    {
        429 => "storage is (re)initializing",
        503 => "the server is currently unable to handle the request",
        504 => "the server was unable to return a response in the time allotted, but may still be processing the request",
        _ => "an error on the server (\"injected fault\") has prevented the request from succeeding",
    };

    private async Task HandleNonResourceAsync(HttpContext context)
    {
        var path = (context.Request.Path.Value ?? "/").TrimEnd('/');
        var parts = path.Trim('/').Split('/');
        JsonNode? doc = path switch
        {
            "/api" => _discovery.Versions(context.Request.Host.Value ?? "127.0.0.1"),
            "/apis" => _discovery.GroupList(),
            "/version" => _discovery.Version(),
            "/api/v1" => _discovery.ResourceList(string.Empty, "v1"),
            "/openapi/v2" => _openApi.V2(),
            "/openapi/v3" => _openApi.V3Root(),
            _ when parts.Length == 2 && parts[0] == "apis" => _discovery.GroupDocument(parts[1]),
            _ when parts.Length == 3 && parts[0] == "apis" => _discovery.ResourceList(parts[1], parts[2]),
            _ when path.StartsWith("/openapi/v3/", StringComparison.Ordinal) => _openApi.V3GroupVersion(path["/openapi/v3/".Length..]),
            _ => null,
        };
        if (path is "/healthz" or "/livez" or "/readyz")
        {
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync("ok", context.RequestAborted);
            return;
        }

        if (doc is null)
        {
            throw new ApiException(404, "NotFound", "the server could not find the requested resource", new JsonObject());
        }

        await WriteJsonAsync(context, 200, JsonUtil.ToUtf8(doc));
    }

    private async Task HandleResourceAsync(HttpContext context, ApiRequest request)
    {
        var type = _service.Registry.Find(request.Group, request.Version, request.Resource)
            ?? throw new ApiException(404, "NotFound", "the server could not find the requested resource", new JsonObject());
        if (request.Subresource is not null && !(request.Subresource == "status" && type.HasStatus)
            && !(request.Subresource == "finalize" && type.StorageKey == "namespaces"))
        {
            throw new ApiException(404, "NotFound", "the server could not find the requested resource", new JsonObject());
        }

        if (type.Namespaced && request.Namespace.Length == 0 && request.Verb is "get" or "create" or "update" or "patch" or "delete" or "deletecollection")
        {
            throw new ApiException(404, "NotFound", "the server could not find the requested resource", new JsonObject());
        }

        if (!type.Namespaced && request.Namespace.Length > 0)
        {
            throw new ApiException(404, "NotFound", "the server could not find the requested resource", new JsonObject());
        }

        var query = context.Request.Query;
        var subresource = request.Subresource == "finalize" ? "status" : request.Subresource;
        switch (request.Verb)
        {
            case "get":
                {
                    var obj = _service.Get(type, request.Namespace, request.Name);
                    if (WantsTable(context))
                    {
                        await WriteJsonAsync(context, 200, JsonUtil.ToUtf8(TableConverter.Convert(type, [_service.ToView(type, obj)], obj.ResourceVersion, null, IncludeObject(context))));
                    }
                    else
                    {
                        await WriteJsonAsync(context, 200, _service.ViewBytes(type, obj));
                    }

                    break;
                }

            case "list":
                await ListAsync(context, type, request);
                break;
            case "watch":
                await WatchAsync(context, type, request);
                break;
            case "create":
                {
                    var options = WriteOptionsOf(context);
                    var body = await ReadObjectAsync(context);
                    var created = _service.Create(type, request.Namespace, body, options);
                    await WriteObjectAsync(context, options.DryRun ? 200 : 201, created, options);
                    break;
                }

            case "update":
                {
                    var options = WriteOptionsOf(context);
                    var body = await ReadObjectAsync(context);
                    CheckConflictFault(type, request);
                    var updated = _service.Update(type, request.Namespace, request.Name, body, subresource, options);
                    await WriteObjectAsync(context, 200, updated, options);
                    break;
                }

            case "patch":
                {
                    var options = WriteOptionsOf(context);
                    var contentType = (context.Request.ContentType ?? string.Empty).Split(';')[0].Trim();
                    var bytes = await ReadBodyAsync(context);
                    var patch = contentType.StartsWith("application/apply-patch", StringComparison.Ordinal)
                        ? YamlLoader.ParseSingle(Encoding.UTF8.GetString(bytes))
                        : JsonNode.Parse(bytes);
                    CheckConflictFault(type, request);
                    var existed = TryExists(type, request);
                    var patched = _service.Patch(type, request.Namespace, request.Name, contentType, patch, subresource, options);
                    await WriteObjectAsync(context, existed ? 200 : 201, patched, options);
                    break;
                }

            case "delete":
                {
                    var options = await DeleteOptionsOfAsync(context);
                    var (obj, deleted) = _service.Delete(type, request.Namespace, request.Name, options);
                    if (deleted && !ReturnsDeletedObject(type))
                    {
                        var status = new JsonObject
                        {
                            ["kind"] = "Status",
                            ["apiVersion"] = "v1",
                            ["metadata"] = new JsonObject(),
                            ["status"] = "Success",
                            ["details"] = new JsonObject
                            {
                                ["name"] = request.Name,
                                ["group"] = type.Group.Length > 0 ? type.Group : null,
                                ["kind"] = type.Plural,
                                ["uid"] = obj["metadata"]?["uid"]?.DeepClone(),
                            },
                        };
                        if (type.Group.Length == 0)
                        {
                            ((JsonObject)status["details"]!).Remove("group");
                        }

                        await WriteJsonAsync(context, 200, JsonUtil.ToUtf8(status));
                    }
                    else
                    {
                        await WriteJsonAsync(context, 200, JsonUtil.ToUtf8(obj));
                    }

                    break;
                }

            case "deletecollection":
                await DeleteCollectionAsync(context, type, request);
                break;
            default:
                throw ApiException.MethodNotAllowed($"{context.Request.Method} is not supported");
        }

        _ = query;
    }

    private bool TryExists(ResourceType type, ApiRequest request)
    {
        try
        {
            _service.Get(type, request.Namespace, request.Name);
            return true;
        }
        catch (ApiException)
        {
            return false;
        }
    }

    private static bool ReturnsDeletedObject(ResourceType type) =>
        type.IsCustomResource || type.StorageKey is "pods" or "namespaces" or "customresourcedefinitions.apiextensions.k8s.io";

    private void CheckConflictFault(ResourceType type, ApiRequest request)
    {
        if (_faults.ConsumeConflict(type.Plural, request.Name))
        {
            throw ApiException.StaleResourceVersion(type.GroupResource, request.Name);
        }
    }

    private async Task ListAsync(HttpContext context, ResourceType type, ApiRequest request)
    {
        var query = context.Request.Query;
        if (query.ContainsKey("sendInitialEvents"))
        {
            throw InvalidListOptions(FieldError.Forbidden("sendInitialEvents", "sendInitialEvents is forbidden for list"));
        }

        var filter = FilterOf(context, type, request);
        int? limit = int.TryParse(query["limit"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) && l > 0 ? l : null;
        var page = _service.List(type, filter, limit, query["continue"].ToString(), query["resourceVersion"].ToString(), query["resourceVersionMatch"].ToString());
        if (WantsTable(context))
        {
            var objects = page.Items.Select(i => _service.ToView(type, i)).ToArray();
            await WriteJsonAsync(context, 200, JsonUtil.ToUtf8(TableConverter.Convert(type, objects, page.ResourceVersion, page.Continue, IncludeObject(context))));
            return;
        }

        var response = context.Response;
        response.StatusCode = 200;
        response.ContentType = "application/json";
        var writer = response.BodyWriter;
        var header = new JsonObject { ["resourceVersion"] = page.ResourceVersion.ToString(CultureInfo.InvariantCulture) };
        if (page.Continue is not null)
        {
            header["continue"] = page.Continue;
        }

        if (page.RemainingItemCount is { } remaining)
        {
            header["remainingItemCount"] = remaining;
        }

        var head = $"{{\"kind\":\"{type.ListKind}\",\"apiVersion\":\"{type.GroupVersion}\",\"metadata\":{header.ToJsonString()},\"items\":[";
        writer.Write(Encoding.UTF8.GetBytes(head));
        for (var i = 0; i < page.Items.Count; i++)
        {
            if (i > 0)
            {
                writer.Write(Comma);
            }

            writer.Write(_service.ViewBytes(type, page.Items[i]).Span);
            if (i % 256 == 255)
            {
                await writer.FlushAsync(context.RequestAborted);
            }
        }

        writer.Write("]}"u8);
        await writer.FlushAsync(context.RequestAborted);
    }

    private async Task WatchAsync(HttpContext context, ResourceType type, ApiRequest request)
    {
        var query = context.Request.Query;
        var sendInitial = query.ContainsKey("sendInitialEvents") ? IsTrue(query["sendInitialEvents"]) : (bool?)null;
        var match = query["resourceVersionMatch"].ToString();
        var allowBookmarks = IsTrue(query["allowWatchBookmarks"]);
        var errors = new List<FieldError>();
        if (sendInitial is not null && match != "NotOlderThan")
        {
            errors.Add(FieldError.Forbidden("resourceVersionMatch", "sendInitialEvents requires setting resourceVersionMatch to NotOlderThan"));
        }

        if (match.Length > 0)
        {
            if (sendInitial is null)
            {
                errors.Add(FieldError.Forbidden("resourceVersionMatch", "resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided"));
            }

            if (match != "NotOlderThan")
            {
                errors.Add(FieldError.Unsupported("resourceVersionMatch", "\"" + match + "\"", ["NotOlderThan"]));
            }
        }

        if (errors.Count > 0)
        {
            throw InvalidListOptions([.. errors]);
        }

        var filter = FilterOf(context, type, request);
        if (request.Name.Length > 0)
        {
            filter = filter with { Fields = FieldSelector.Parse(AppendField(query["fieldSelector"], "metadata.name", request.Name)) };
        }

        var timeout = int.TryParse(query["timeoutSeconds"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds) && seconds > 0
            ? TimeSpan.FromSeconds(seconds)
            : _options.DefaultWatchTimeout;
        var watcher = _watches.Start(type, filter, query["resourceVersion"], sendInitial, allowBookmarks);
        var response = context.Response;
        response.StatusCode = 200;
        response.ContentType = "application/json";
        await response.StartAsync(context.RequestAborted);
        await response.BodyWriter.FlushAsync(context.RequestAborted);
        using var lifetime = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        lifetime.CancelAfter(timeout);
        var bookmarks = allowBookmarks ? BookmarkLoopAsync(watcher, lifetime.Token) : Task.CompletedTask;
        try
        {
            var reader = watcher.Reader;
            var writer = response.BodyWriter;
            while (await reader.WaitToReadAsync(lifetime.Token))
            {
                var written = 0;
                while (written < 512 && reader.TryRead(out var message))
                {
                    writer.Write(Line(type, message));
                    written++;
                }

                await writer.FlushAsync(lifetime.Token);
            }
        }
        catch (OperationCanceledException) when (!context.RequestAborted.IsCancellationRequested)
        {
            // timeoutSeconds elapsed: like the watch cache, say where we are before closing.
            if (allowBookmarks)
            {
                response.BodyWriter.Write(Line(type, WatchMessage.Bookmark(_service.Store.CurrentResourceVersion)));
                await response.BodyWriter.FlushAsync(context.RequestAborted);
            }
        }
        finally
        {
            _watches.Stop(watcher);
            await lifetime.CancelAsync();
            await bookmarks.ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    private async Task BookmarkLoopAsync(Watcher watcher, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_options.BookmarkInterval, _options.TimeProvider);
        while (await timer.WaitForNextTickAsync(cancellationToken))
        {
            _watches.Bookmark(watcher);
        }
    }

    private byte[] Line(ResourceType type, WatchMessage message)
    {
        switch (message.Type)
        {
            case "BOOKMARK":
                return WatchLines.Event("BOOKMARK", JsonUtil.ToUtf8(WatchHub.BookmarkObject(type, message.ResourceVersion, message.InitialEventsEnd)));
            case "ERROR":
                return WatchLines.Event("ERROR", JsonUtil.ToUtf8(message.Status!));
            default:
                var e = message.Event;
                if (e is not null && e.Type == message.Type && ReferenceEquals(e.Object, message.Object) && type.View is null)
                {
                    return e.Line;
                }

                var obj = message.Object!;
                if (obj.ResourceVersion == message.ResourceVersion)
                {
                    return WatchLines.Event(message.Type, _service.ViewBytes(type, obj).Span);
                }

                var restamped = _service.ToView(type, obj);
                restamped.Metadata()["resourceVersion"] = message.ResourceVersion.ToString(CultureInfo.InvariantCulture);
                return WatchLines.Event(message.Type, JsonUtil.ToUtf8(restamped));
        }
    }

    private async Task DeleteCollectionAsync(HttpContext context, ResourceType type, ApiRequest request)
    {
        var filter = FilterOf(context, type, request);
        var options = await DeleteOptionsOfAsync(context);
        var page = _service.List(type, filter, null, null, null, null);
        var items = new JsonArray();
        foreach (var item in page.Items)
        {
            try
            {
                var (obj, _) = _service.Delete(type, item.Namespace, item.Name, options);
                items.Add(obj);
            }
            catch (ApiException e) when (e.Code == 404)
            {
                // Deleted concurrently: nothing left to do for it.
            }
        }

        var list = new JsonObject
        {
            ["kind"] = type.ListKind,
            ["apiVersion"] = type.GroupVersion,
            ["metadata"] = new JsonObject { ["resourceVersion"] = _service.Store.CurrentResourceVersion.ToString(CultureInfo.InvariantCulture) },
            ["items"] = items,
        };
        await WriteJsonAsync(context, 200, JsonUtil.ToUtf8(list));
    }

    private static ApiException InvalidListOptions(params FieldError[] errors) =>
        ApiException.Invalid(new GroupKind("meta.k8s.io", "ListOptions"), string.Empty, errors);

    private static string AppendField(string? selector, string field, string value) =>
        string.IsNullOrEmpty(selector) ? $"{field}={value}" : $"{selector},{field}={value}";

    private ObjectFilter FilterOf(HttpContext context, ResourceType type, ApiRequest request)
    {
        var query = context.Request.Query;
        var labels = LabelSelector.Parse(query["labelSelector"]);
        var fields = FieldSelector.Parse(query["fieldSelector"], type.View is null ? null : type.View.MapFieldLabel);
        var supported = new HashSet<string>(StringComparer.Ordinal) { "metadata.name", "metadata.namespace" };
        supported.UnionWith(_service.StorageTypeOf(type).SelectableFields.Keys);
        fields.Validate(supported);
        return new ObjectFilter(type.Namespaced && request.Namespace.Length > 0 ? request.Namespace : null, labels, fields);
    }

    private static WriteOptions WriteOptionsOf(HttpContext context)
    {
        var query = context.Request.Query;
        var validation = query["fieldValidation"].ToString();
        if (validation.Length > 0 && validation is not ("Strict" or "Warn" or "Ignore"))
        {
            throw ApiException.BadRequest($"fieldValidation: Unsupported value: \"{validation}\": supported values: \"Ignore\", \"Strict\", \"Warn\"");
        }

        var dryRun = query["dryRun"].ToString();
        if (dryRun.Length > 0 && dryRun != "All")
        {
            throw ApiException.BadRequest($"dryRun: Unsupported value: \"{dryRun}\": supported values: \"All\"");
        }

        return new WriteOptions
        {
            DryRun = dryRun == "All",
            FieldManager = query["fieldManager"].ToString() is { Length: > 0 } manager ? manager : null,
            FieldValidation = validation.Length > 0 ? validation : "Warn",
            Force = IsTrue(query["force"]),
            UserAgent = context.Request.Headers.UserAgent.ToString(),
        };
    }

    private static async Task<DeleteOptions> DeleteOptionsOfAsync(HttpContext context)
    {
        var query = context.Request.Query;
        var body = await ReadBodyAsync(context);
        JsonObject? options = null;
        if (body.Length > 0)
        {
            options = JsonNode.Parse(body) as JsonObject;
        }

        var propagation = options?.GetString("propagationPolicy") ?? (query["propagationPolicy"].ToString() is { Length: > 0 } p ? p : null);
        if (options?["orphanDependents"] is JsonValue orphan && orphan.GetValue<bool>())
        {
            propagation ??= "Orphan";
        }

        if (propagation is not (null or "Background" or "Foreground" or "Orphan"))
        {
            throw ApiException.BadRequest($"propagationPolicy: Unsupported value: \"{propagation}\": supported values: \"Foreground\", \"Background\", \"Orphan\"");
        }

        var dryRun = options?["dryRun"] is JsonArray d && d.Any(x => x?.ToString() == "All") || query["dryRun"] == "All";
        return new DeleteOptions
        {
            PropagationPolicy = propagation,
            GracePeriodSeconds = options?["gracePeriodSeconds"]?.GetValue<long>(),
            PreconditionUid = options?["preconditions"]?["uid"]?.ToString(),
            PreconditionResourceVersion = options?["preconditions"]?["resourceVersion"]?.ToString(),
            DryRun = dryRun,
        };
    }

    private static async Task<byte[]> ReadBodyAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        return buffer.ToArray();
    }

    private static async Task<JsonObject> ReadObjectAsync(HttpContext context)
    {
        var contentType = (context.Request.ContentType ?? "application/json").Split(';')[0].Trim();
        var bytes = await ReadBodyAsync(context);
        if (bytes.Length == 0)
        {
            throw ApiException.BadRequest("the body of the request was empty");
        }

        return contentType switch
        {
            "application/json" or "" or "*/*" => JsonNode.Parse(bytes) as JsonObject ?? throw ApiException.BadRequest("the body of the request must be a JSON object"),
            "application/yaml" => YamlLoader.ParseSingle(Encoding.UTF8.GetString(bytes)) as JsonObject ?? throw ApiException.BadRequest("the body of the request must be an object"),
            ProtobufObjects.MediaType => ProtobufObjects.Decode(bytes),
            _ => throw new ApiException(415, "UnsupportedMediaType", $"the body of the request was in an unknown format - accepted media types include: application/json, application/yaml"),
        };
    }

    private static bool WantsTable(HttpContext context) =>
        context.Request.Headers.Accept.ToString().Contains("as=Table", StringComparison.Ordinal);

    private static string IncludeObject(HttpContext context) =>
        context.Request.Query["includeObject"].ToString() is { Length: > 0 } include ? include : "Metadata";

    private static bool IsTrue(Microsoft.Extensions.Primitives.StringValues value) =>
        value.ToString() is "true" or "1" or "True" or "TRUE" or "t" or "T";

    private static async Task WriteObjectAsync(HttpContext context, int status, JsonObject obj, WriteOptions options)
    {
        foreach (var warning in options.Warnings)
        {
            context.Response.Headers.Append("Warning", $"299 - \"{warning.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)}\"");
        }

        await WriteJsonAsync(context, status, JsonUtil.ToUtf8(obj));
    }

    private static async Task WriteJsonAsync(HttpContext context, int status, ReadOnlyMemory<byte> body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body, context.RequestAborted);
    }

    private static async Task WriteErrorAsync(HttpContext context, ApiException error)
    {
        if (context.Response.HasStarted)
        {
            return;
        }

        if (error.RetryAfter is { } after)
        {
            context.Response.Headers.RetryAfter = ((int)Math.Ceiling(after.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        await WriteJsonAsync(context, error.Code, JsonUtil.ToUtf8(error.ToStatus()));
    }
}
