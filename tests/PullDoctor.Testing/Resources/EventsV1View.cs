using System.Text.Json.Nodes;

namespace PullDoctor.Testing.Resources;

/// <summary>
/// events.k8s.io/v1 is another view of the core/v1 Event storage, converted field by field the way
/// kube-apiserver's conversion does (regarding = involvedObject, note = message, ...). An event
/// written through one API is therefore visible through the other, as in a real cluster.
/// </summary>
public sealed class EventsV1View : IObjectView
{
    // (events.k8s.io/v1 name, core/v1 name)
    private static readonly (string V1, string Core)[] Renames =
    [
        ("regarding", "involvedObject"),
        ("note", "message"),
        ("reportingController", "reportingComponent"),
        ("deprecatedSource", "source"),
        ("deprecatedFirstTimestamp", "firstTimestamp"),
        ("deprecatedLastTimestamp", "lastTimestamp"),
        ("deprecatedCount", "count"),
    ];

    private static readonly string[] Shared = ["metadata", "eventTime", "series", "reportingInstance", "action", "reason", "related", "type"];

    public static EventsV1View Instance { get; } = new();

    public JsonObject FromStorage(JsonObject stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var served = new JsonObject { ["kind"] = "Event", ["apiVersion"] = "events.k8s.io/v1" };
        Copy(stored, served, Shared);
        foreach (var (v1, core) in Renames)
        {
            if (stored[core] is { } value)
            {
                served[v1] = value.DeepClone();
            }
        }

        if (served["series"] is JsonObject series)
        {
            // core/v1 series carries an extra legacy "state" field; v1 has count and lastObservedTime only.
            series.Remove("state");
        }

        return served;
    }

    public JsonObject ToStorage(JsonObject served)
    {
        ArgumentNullException.ThrowIfNull(served);
        var stored = new JsonObject { ["kind"] = "Event", ["apiVersion"] = "v1" };
        Copy(served, stored, Shared);
        foreach (var (v1, core) in Renames)
        {
            if (served[v1] is { } value)
            {
                stored[core] = value.DeepClone();
            }
        }

        // As the conversion does, a v1 event's core "source" falls back to the reporting controller.
        if (stored["source"] is null && stored["reportingComponent"] is { } component)
        {
            stored["source"] = new JsonObject { ["component"] = component.DeepClone() };
        }

        return stored;
    }

    public string MapFieldLabel(string label)
    {
        ArgumentNullException.ThrowIfNull(label);
        if (label.StartsWith("regarding.", StringComparison.Ordinal))
        {
            return "involvedObject." + label["regarding.".Length..];
        }

        return label switch
        {
            "reportingController" => "reportingComponent",
            "deprecatedSource" => "source",
            _ => label,
        };
    }

    private static void Copy(JsonObject from, JsonObject to, string[] names)
    {
        foreach (var name in names)
        {
            if (from[name] is { } value)
            {
                to[name] = value.DeepClone();
            }
        }
    }
}

/// <summary>A custom resource version that is not the storage version: conversion strategy None only rewrites apiVersion.</summary>
public sealed class ApiVersionView(string storedApiVersion, string servedApiVersion) : IObjectView
{
    public JsonObject FromStorage(JsonObject stored) => Rewrite(stored, servedApiVersion);

    public JsonObject ToStorage(JsonObject served) => Rewrite(served, storedApiVersion);

    public string MapFieldLabel(string label) => label;

    private static JsonObject Rewrite(JsonObject obj, string apiVersion)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var copy = (JsonObject)obj.DeepClone();
        copy["apiVersion"] = apiVersion;
        return copy;
    }
}
