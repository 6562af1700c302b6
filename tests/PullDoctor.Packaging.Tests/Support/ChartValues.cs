using System.Text.Json.Nodes;

namespace PullDoctor.Packaging.Tests.Support;

/// <summary>The chart's values.yaml and values.schema.json.</summary>
internal static class ChartValues
{
    public static JsonObject Defaults { get; } = (JsonObject)YamlJson.ParseDocuments(File.ReadAllText(Path.Combine(RepositoryPaths.Chart, "values.yaml"))).Single();

    /// <summary>Dotted paths of every boolean in values.yaml, e.g. <c>probe.usePullSecrets</c>.</summary>
    public static IReadOnlyList<string> BooleanPaths() => [.. Leaves(Defaults, string.Empty).Where(l => l.Value is bool).Select(l => l.Path)];

    public static bool DefaultBoolean(string path) =>
        (bool)path.Split('.').Aggregate((JsonNode?)Defaults, (node, key) => node?[key])!;

    private static IEnumerable<(string Path, object? Value)> Leaves(JsonObject o, string prefix)
    {
        foreach (var (key, value) in o)
        {
            var path = prefix.Length == 0 ? key : prefix + "." + key;
            if (value is JsonObject inner)
            {
                foreach (var leaf in Leaves(inner, path))
                {
                    yield return leaf;
                }
            }
            else if (value is JsonValue scalar && scalar.TryGetValue<bool>(out var b))
            {
                yield return (path, b);
            }
            else
            {
                yield return (path, value?.ToJsonString());
            }
        }
    }
}
