using PullDoctor.Packaging.Tests.Support;

namespace PullDoctor.Packaging.Tests.Chart;

public sealed class ChartLintTests
{
    private static IEnumerable<ChartVariant> Variants() => ChartVariant.DefaultsAndEveryBooleanFlipped();

    [TestCaseSource(nameof(Variants))]
    public async Task HelmLintStrict_Variant_Passes(ChartVariant variant)
    {
        var arguments = new List<string> { "lint", "--strict", RepositoryPaths.Chart };
        foreach (var set in variant.Sets)
        {
            arguments.Add("--set");
            arguments.Add(set);
        }

        var result = await Helm.RunAsync([.. arguments]);

        Assert.That(result.ExitCode, Is.Zero, result.ToString);
    }

    [Test]
    public async Task Chart_Metadata_IsApiV2WithVersionAndAppVersion()
    {
        var chart = await Helm.RunAsync("show", "chart", RepositoryPaths.Chart);
        Assert.That(chart.ExitCode, Is.Zero, chart.ToString);
        var metadata = (System.Text.Json.Nodes.JsonObject)YamlJson.ParseDocuments(chart.StandardOutput).Single();

        Assert.Multiple(() =>
        {
            Assert.That((string?)metadata["apiVersion"], Is.EqualTo("v2"));
            Assert.That((string?)metadata["name"], Is.EqualTo("pulldoctor"));
            Assert.That((string?)metadata["version"], Does.Match(@"^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$"), "SemVer 2 chart version");
            Assert.That((string?)metadata["appVersion"], Is.Not.Null.And.Not.Empty);
            Assert.That((string?)metadata["type"], Is.EqualTo("application"));
        });
    }
}
