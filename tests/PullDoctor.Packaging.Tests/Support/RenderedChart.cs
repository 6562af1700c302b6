using System.Text.Json.Nodes;

namespace PullDoctor.Packaging.Tests.Support;

/// <summary>The objects <c>helm template</c> produced.</summary>
internal sealed class RenderedChart
{
    private RenderedChart(IReadOnlyList<JsonObject> objects) => Objects = objects;

    public IReadOnlyList<JsonObject> Objects { get; }

    public static RenderedChart Parse(string yaml) =>
        new([.. YamlJson.ParseDocuments(yaml).Select(d => d as JsonObject ?? throw new InvalidOperationException($"a rendered document is not an object: {d.ToJsonString()}"))]);

    public IEnumerable<JsonObject> OfKind(string kind) => Objects.Where(o => K8s.Kind(o) == kind);

    public JsonObject Single(string kind)
    {
        var matches = OfKind(kind).ToArray();
        Assert.That(matches, Has.Length.EqualTo(1), $"exactly one {kind} expected, rendered: {Describe()}");
        return matches[0];
    }

    public string Describe() => string.Join(", ", Objects.Select(K8s.Describe));
}
