using System.Text.Json.Nodes;
using PullDoctor.Testing.Resources;

namespace PullDoctor.Testing.Http;

/// <summary>The legacy discovery documents (/api, /apis, /api/v1, /apis/{g}, /apis/{g}/{v}) and /version.</summary>
internal sealed class Discovery(ResourceRegistry registry, KubeApiServerOptions options)
{
    public JsonObject Versions(string serverAddress) => new()
    {
        ["kind"] = "APIVersions",
        ["versions"] = new JsonArray("v1"),
        ["serverAddressByClientCIDRs"] = new JsonArray(new JsonObject { ["clientCIDR"] = "0.0.0.0/0", ["serverAddress"] = serverAddress }),
    };

    public JsonObject GroupList()
    {
        var groups = new JsonArray();
        foreach (var group in registry.Groups())
        {
            groups.Add(Group(group));
        }

        return new JsonObject { ["kind"] = "APIGroupList", ["apiVersion"] = "v1", ["groups"] = groups };
    }

    public JsonObject? GroupDocument(string group)
    {
        if (!registry.Groups().Contains(group))
        {
            return null;
        }

        var doc = Group(group);
        doc["kind"] = "APIGroup";
        doc["apiVersion"] = "v1";
        return doc;
    }

    public JsonObject? ResourceList(string group, string version)
    {
        var types = registry.All.Where(t => t.Group == group && t.Version == version).ToArray();
        if (types.Length == 0)
        {
            return null;
        }

        var resources = new JsonArray();
        foreach (var t in types)
        {
            var entry = new JsonObject
            {
                ["name"] = t.Plural,
                ["singularName"] = t.Singular,
                ["namespaced"] = t.Namespaced,
                ["kind"] = t.Kind,
                ["verbs"] = new JsonArray(t.Verbs.Select(v => (JsonNode?)v).ToArray()),
            };
            if (t.ShortNames.Count > 0)
            {
                entry["shortNames"] = new JsonArray(t.ShortNames.Select(v => (JsonNode?)v).ToArray());
            }

            if (t.Categories.Count > 0)
            {
                entry["categories"] = new JsonArray(t.Categories.Select(v => (JsonNode?)v).ToArray());
            }

            resources.Add(entry);
            if (t.HasStatus)
            {
                resources.Add(new JsonObject
                {
                    ["name"] = t.Plural + "/status",
                    ["singularName"] = string.Empty,
                    ["namespaced"] = t.Namespaced,
                    ["kind"] = t.Kind,
                    ["verbs"] = new JsonArray("get", "patch", "update"),
                });
            }
        }

        return new JsonObject
        {
            ["kind"] = "APIResourceList",
            ["apiVersion"] = "v1",
            ["groupVersion"] = string.IsNullOrEmpty(group) ? version : $"{group}/{version}",
            ["resources"] = resources,
        };
    }

    public JsonObject Version()
    {
        var v = options.KubernetesVersion.TrimStart('v').Split('.');
        return new JsonObject
        {
            ["major"] = v[0],
            ["minor"] = v.Length > 1 ? v[1] : "0",
            ["emulationMajor"] = v[0],
            ["emulationMinor"] = v.Length > 1 ? v[1] : "0",
            ["gitVersion"] = options.KubernetesVersion,
            ["gitCommit"] = "0000000000000000000000000000000000000000",
            ["gitTreeState"] = "clean",
            ["buildDate"] = "2025-01-01T00:00:00Z",
            ["goVersion"] = "go1.24.0",
            ["compiler"] = "gc",
            ["platform"] = "linux/amd64",
        };
    }

    private JsonObject Group(string group)
    {
        var versions = new JsonArray();
        foreach (var version in registry.Versions(group))
        {
            versions.Add(new JsonObject { ["groupVersion"] = $"{group}/{version}", ["version"] = version });
        }

        return new JsonObject
        {
            ["name"] = group,
            ["versions"] = versions,
            ["preferredVersion"] = versions[0]!.DeepClone(),
        };
    }
}
