using System.Text.Json.Nodes;

namespace PullDoctor.Packaging.Tests.Support;

/// <summary>One (apiGroup, resource, verb) a rule grants, with its resourceNames (empty: any name) and where.</summary>
internal sealed record RbacGrant(string Group, string Resource, string Verb, string ResourceNames, string Role, string? Namespace)
{
    public override string ToString() =>
        $"{Verb} {(Group.Length == 0 ? "core" : Group)}/{Resource}{(ResourceNames.Length > 0 ? $" [{ResourceNames}]" : string.Empty)}";

    public static IReadOnlyList<RbacGrant> Of(RenderedChart chart) =>
        [.. chart.Objects.Where(o => K8s.Kind(o) is "ClusterRole" or "Role").SelectMany(Of)];

    public static IEnumerable<RbacGrant> Of(JsonObject role)
    {
        foreach (var rule in role["rules"]?.AsArray().OfType<JsonObject>() ?? [])
        {
            var names = string.Join(",", Strings(rule["resourceNames"]));
            foreach (var group in Strings(rule["apiGroups"]))
            {
                foreach (var resource in Strings(rule["resources"]))
                {
                    foreach (var verb in Strings(rule["verbs"]))
                    {
                        yield return new RbacGrant(group, resource, verb, names, $"{K8s.Kind(role)} {K8s.Name(role)}", K8s.Namespace(role));
                    }
                }
            }
        }
    }

    private static IEnumerable<string> Strings(JsonNode? node) => node?.AsArray().Select(n => (string?)n ?? string.Empty) ?? [];
}
