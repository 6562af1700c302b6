using System.Globalization;
using System.Text.Json.Nodes;
using PullDoctor.Testing.Resources;
using PullDoctor.Testing.Storage;

namespace PullDoctor.Testing.Http;

/// <summary>
/// Server-side printing (<c>Accept: application/json;as=Table;g=meta.k8s.io;v=v1</c>), which
/// <c>kubectl get</c> asks for: pods like kube-apiserver prints them, custom resources by their
/// CRD's additionalPrinterColumns, everything else Name and Created At.
/// </summary>
internal static class TableConverter
{
    public static JsonObject Convert(ResourceType type, IReadOnlyList<JsonObject> objects, long resourceVersion, string? continueToken, string includeObject)
    {
        var columns = new JsonArray { Column("Name", "string", "name", 0) };
        var rows = new JsonArray();
        var printer = Printer(type);
        foreach (var (name, kind, format, priority) in printer.Columns)
        {
            columns.Add(Column(name, kind, format, priority));
        }

        foreach (var obj in objects)
        {
            var cells = new JsonArray { obj.Metadata().GetString("name") };
            foreach (var cell in printer.Cells(obj))
            {
                cells.Add(cell);
            }

            var row = new JsonObject { ["cells"] = cells };
            row["object"] = includeObject switch
            {
                "None" => null,
                "Object" => obj.DeepClone(),
                _ => new JsonObject { ["kind"] = "PartialObjectMetadata", ["apiVersion"] = "meta.k8s.io/v1", ["metadata"] = obj.Metadata().DeepClone() },
            };
            rows.Add(row);
        }

        var meta = new JsonObject { ["resourceVersion"] = resourceVersion.ToString(CultureInfo.InvariantCulture) };
        if (continueToken is not null)
        {
            meta["continue"] = continueToken;
        }

        return new JsonObject
        {
            ["kind"] = "Table",
            ["apiVersion"] = "meta.k8s.io/v1",
            ["metadata"] = meta,
            ["columnDefinitions"] = columns,
            ["rows"] = rows,
        };
    }

    private static JsonObject Column(string name, string type, string format, int priority) => new()
    {
        ["name"] = name,
        ["type"] = type,
        ["format"] = format,
        ["description"] = name,
        ["priority"] = priority,
    };

    private static (IReadOnlyList<(string Name, string Type, string Format, int Priority)> Columns, Func<JsonObject, IEnumerable<JsonNode?>> Cells) Printer(ResourceType type)
    {
        if (type.IsCustomResource && type.PrinterColumns is { Count: > 0 } printerColumns)
        {
            var defs = printerColumns.OfType<JsonObject>().Select(c => (
                Name: c.GetString("name") ?? string.Empty,
                Type: c.GetString("type") ?? "string",
                Format: c.GetString("format") ?? string.Empty,
                Priority: c["priority"]?.GetValue<int>() ?? 0,
                Path: c.GetString("jsonPath") ?? string.Empty)).ToArray();
            return (defs.Select(d => (d.Name, d.Type, d.Format, d.Priority)).ToArray(),
                obj => defs.Select(d => Cell(obj, d.Path, d.Type)));
        }

        if (type.StorageKey == "pods")
        {
            return ([("Ready", "string", string.Empty, 0), ("Status", "string", string.Empty, 0), ("Restarts", "string", string.Empty, 0),
                ("Age", "string", string.Empty, 0), ("IP", "string", string.Empty, 1), ("Node", "string", string.Empty, 1),
                ("Nominated Node", "string", string.Empty, 1), ("Readiness Gates", "string", string.Empty, 1)], PodCells);
        }

        if (type.StorageKey == "events")
        {
            return ([("Last Seen", "string", string.Empty, 0), ("Type", "string", string.Empty, 0), ("Reason", "string", string.Empty, 0),
                ("Object", "string", string.Empty, 0), ("Subobject", "string", string.Empty, 1), ("Source", "string", string.Empty, 1),
                ("Message", "string", string.Empty, 0), ("First Seen", "string", string.Empty, 1), ("Count", "string", string.Empty, 1)], EventCells);
        }

        return ([("Created At", "date", string.Empty, 0)], obj => [obj.Metadata().GetString("creationTimestamp")]);
    }

    private static JsonNode? Cell(JsonObject obj, string jsonPath, string type)
    {
        JsonNode? current = obj;
        foreach (var part in jsonPath.Trim().TrimStart('.').Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            var name = part;
            int? index = null;
            var bracket = part.IndexOf('[', StringComparison.Ordinal);
            if (bracket >= 0)
            {
                name = part[..bracket];
                index = int.TryParse(part[(bracket + 1)..].TrimEnd(']'), out var i) ? i : null;
            }

            current = current is JsonObject o ? o[name] : null;
            if (index is { } at)
            {
                current = current is JsonArray a && at < a.Count ? a[at] : null;
            }
        }

        if (type == "date" && current is JsonValue v && DateTimeOffset.TryParse(v.ToString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
        {
            return HumanDuration(DateTimeOffset.UtcNow - time);
        }

        return current switch
        {
            null => null,
            JsonValue value => value.DeepClone(),
            _ => current.ToJsonString(),
        };
    }

    private static IEnumerable<JsonNode?> PodCells(JsonObject pod)
    {
        var status = pod["status"] as JsonObject ?? [];
        var spec = pod["spec"] as JsonObject ?? [];
        var containers = (spec["containers"] as JsonArray)?.Count ?? 0;
        var statuses = (status["containerStatuses"] as JsonArray)?.OfType<JsonObject>().ToArray() ?? [];
        var ready = statuses.Count(s => s["ready"]?.GetValue<bool>() == true);
        var restarts = statuses.Sum(s => s["restartCount"]?.GetValue<int>() ?? 0);
        var reason = status.GetString("reason") ?? status.GetString("phase") ?? string.Empty;
        var init = (status["initContainerStatuses"] as JsonArray)?.OfType<JsonObject>().ToArray() ?? [];
        var initializing = false;
        for (var i = 0; i < init.Length; i++)
        {
            var state = init[i]["state"] as JsonObject;
            if (state?["terminated"] is JsonObject t && t["exitCode"]?.GetValue<int>() == 0)
            {
                continue;
            }

            initializing = true;
            reason = state?["waiting"]?["reason"]?.ToString() is { Length: > 0 } w && w != "PodInitializing"
                ? "Init:" + w
                : $"Init:{i}/{init.Length}";
            break;
        }

        if (!initializing)
        {
            foreach (var s in statuses.Reverse())
            {
                if (s["state"]?["waiting"]?["reason"]?.ToString() is { Length: > 0 } waiting)
                {
                    reason = waiting;
                }
                else if (s["state"]?["terminated"]?["reason"]?.ToString() is { Length: > 0 } terminated)
                {
                    reason = terminated;
                }
            }
        }

        if (pod.Metadata()["deletionTimestamp"] is not null)
        {
            reason = "Terminating";
        }

        var created = pod.Metadata().GetString("creationTimestamp");
        var age = created is not null && DateTimeOffset.TryParse(created, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t0)
            ? HumanDuration(DateTimeOffset.UtcNow - t0)
            : "<unknown>";
        yield return $"{ready}/{containers}";
        yield return reason;
        yield return restarts.ToString(CultureInfo.InvariantCulture);
        yield return age;
        yield return status.GetString("podIP") ?? "<none>";
        yield return spec.GetString("nodeName") ?? "<none>";
        yield return status.GetString("nominatedNodeName") ?? "<none>";
        yield return "<none>";
    }

    private static IEnumerable<JsonNode?> EventCells(JsonObject e)
    {
        // Works on both views: core/v1 names first, events.k8s.io/v1 names second.
        var regarding = (e["involvedObject"] ?? e["regarding"]) as JsonObject ?? [];
        var last = e["series"]?["lastObservedTime"]?.ToString() ?? e.GetString("lastTimestamp") ?? e.GetString("deprecatedLastTimestamp") ?? e.GetString("eventTime");
        var first = e.GetString("firstTimestamp") ?? e.GetString("deprecatedFirstTimestamp") ?? e.GetString("eventTime");
        var source = e["source"]?["component"]?.ToString() ?? e.GetString("reportingComponent") ?? e.GetString("reportingController") ?? string.Empty;
        var count = e["count"]?.ToString() ?? e["deprecatedCount"]?.ToString() ?? e["series"]?["count"]?.ToString() ?? "1";
        yield return Since(last);
        yield return e.GetString("type") ?? string.Empty;
        yield return e.GetString("reason") ?? string.Empty;
        yield return $"{regarding.GetString("kind")?.ToLowerInvariant()}/{regarding.GetString("name")}";
        yield return regarding.GetString("fieldPath") ?? string.Empty;
        yield return source;
        yield return (e.GetString("message") ?? e.GetString("note") ?? string.Empty).Trim();
        yield return Since(first);
        yield return count;
    }

    private static string Since(string? time) =>
        time is not null && DateTimeOffset.TryParse(time, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t)
            ? HumanDuration(DateTimeOffset.UtcNow - t)
            : "<unknown>";

    /// <summary>apimachinery's duration.HumanDuration.</summary>
    public static string HumanDuration(TimeSpan d)
    {
        if (d < TimeSpan.FromSeconds(-1))
        {
            return "<invalid>";
        }

        if (d < TimeSpan.Zero)
        {
            return "0s";
        }

        var seconds = (long)d.TotalSeconds;
        if (seconds < 60 * 2)
        {
            return $"{seconds}s";
        }

        var minutes = (long)d.TotalMinutes;
        if (minutes < 10)
        {
            var s = seconds % 60;
            return s == 0 ? $"{minutes}m" : $"{minutes}m{s}s";
        }

        if (minutes < 60 * 3)
        {
            return $"{minutes}m";
        }

        var hours = (long)d.TotalHours;
        if (hours < 8)
        {
            var m = minutes % 60;
            return m == 0 ? $"{hours}h" : $"{hours}h{m}m";
        }

        if (hours < 48)
        {
            return $"{hours}h";
        }

        if (hours < 24 * 8)
        {
            var h = hours % 24;
            return h == 0 ? $"{hours / 24}d" : $"{hours / 24}d{h}h";
        }

        if (hours < 24 * 365 * 2)
        {
            return $"{hours / 24}d";
        }

        return $"{hours / 24 / 365}y";
    }
}
