using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using PullDoctor.Packaging.Tests.Support;

namespace PullDoctor.Packaging.Tests.Chart;

/// <summary>The recommended labels (app.kubernetes.io/*, helm.sh/chart) and the selectors that rely on them.</summary>
public sealed partial class LabelTests
{
    private static IEnumerable<ChartVariant> Variants() => ChartVariant.All();

    [TestCaseSource(nameof(Variants))]
    public async Task EveryObject_Variant_CarriesTheRecommendedLabels(ChartVariant variant)
    {
        var chart = await Helm.RenderAsync([.. variant.Sets]);
        var appVersion = ChartAppVersion();
        var name = variant.Sets.Contains("nameOverride=doctor") ? "doctor" : "pulldoctor";

        Assert.Multiple(() =>
        {
            foreach (var o in chart.Objects)
            {
                var labels = K8s.Labels(o["metadata"]);
                var what = K8s.Describe(o);
                Assert.That(labels.GetValueOrDefault("app.kubernetes.io/name"), Is.EqualTo(name), what);
                Assert.That(labels.GetValueOrDefault("app.kubernetes.io/instance"), Is.EqualTo(Helm.ReleaseName), what);
                Assert.That(labels.GetValueOrDefault("app.kubernetes.io/version"), Is.EqualTo(appVersion), what);
                Assert.That(labels.GetValueOrDefault("app.kubernetes.io/managed-by"), Is.EqualTo("Helm"), what);
                Assert.That(labels.GetValueOrDefault("app.kubernetes.io/component"), Is.EqualTo("operator"), what);
                Assert.That(labels.GetValueOrDefault("app.kubernetes.io/part-of"), Is.EqualTo("pulldoctor"), what);
                Assert.That(labels.GetValueOrDefault("helm.sh/chart"), Does.Match(@"^pulldoctor-\d+\.\d+\.\d+"), what);
                foreach (var (key, value) in labels)
                {
                    Assert.That(value, Does.Match(LabelValuePattern()), $"{what} label {key}");
                }

                Assert.That(K8s.Name(o), Does.Match(DnsLabelPattern()), $"{what}: a DNS-1123 label (Services need it)");
            }
        });
    }

    [TestCaseSource(nameof(Variants))]
    public async Task Selectors_Variant_MatchThePodTemplateAndOnlyTheRelease(ChartVariant variant)
    {
        var chart = await Helm.RenderAsync([.. variant.Sets]);
        var deployment = chart.Single("Deployment");
        var podLabels = K8s.Labels(deployment["spec"]!["template"]!["metadata"]);
        var selector = Map(deployment["spec"]!["selector"]!["matchLabels"]);

        var selectors = new List<(string What, IReadOnlyDictionary<string, string> Labels)> { ("Deployment", selector) };
        selectors.AddRange(chart.OfKind("Service").Select(s => ("Service", Map(s["spec"]!["selector"]))));
        selectors.AddRange(chart.OfKind("PodDisruptionBudget").Select(p => ("PodDisruptionBudget", Map(p["spec"]!["selector"]!["matchLabels"]))));
        selectors.AddRange(chart.OfKind("NetworkPolicy").Select(p => ("NetworkPolicy", Map(p["spec"]!["podSelector"]!["matchLabels"]))));
        selectors.AddRange(chart.OfKind("ServiceMonitor").Select(m => ("ServiceMonitor", Map(m["spec"]!["selector"]!["matchLabels"]))));
        var antiAffinity = K8s.PodSpec(deployment)["affinity"]?["podAntiAffinity"]?["preferredDuringSchedulingIgnoredDuringExecution"]?[0]?["podAffinityTerm"]?["labelSelector"]?["matchLabels"];
        if (antiAffinity is not null)
        {
            selectors.Add(("pod anti-affinity", Map(antiAffinity)));
        }

        Assert.Multiple(() =>
        {
            // Name and instance, nothing that changes on upgrade (a Deployment's selector is immutable).
            Assert.That(selector.Keys, Is.EquivalentTo(new[] { "app.kubernetes.io/name", "app.kubernetes.io/instance" }));
            foreach (var (what, labels) in selectors)
            {
                Assert.That(labels, Is.EquivalentTo(selector), $"{what} selects exactly the release's operator pods");
                Assert.That(labels.All(l => podLabels.GetValueOrDefault(l.Key) == l.Value), Is.True, $"{what} matches the pod template");
            }
        });
    }

    [Test]
    public async Task Deployment_Defaults_SpreadsReplicasOverNodes()
    {
        var chart = await Helm.RenderAsync();
        var deployment = chart.Single("Deployment");
        var preferred = K8s.PodSpec(deployment)["affinity"]!["podAntiAffinity"]!["preferredDuringSchedulingIgnoredDuringExecution"]![0]!;

        Assert.Multiple(() =>
        {
            Assert.That((long?)deployment["spec"]!["replicas"], Is.EqualTo(2));
            Assert.That((string?)preferred["podAffinityTerm"]!["topologyKey"], Is.EqualTo("kubernetes.io/hostname"));
            Assert.That(K8s.PodSpec(deployment)["affinity"]!["podAntiAffinity"]!["requiredDuringSchedulingIgnoredDuringExecution"], Is.Null, "preferred, so a one-node cluster still runs both");
        });
    }

    [TestCase("pulldoctor", "pulldoctor")]
    [TestCase("pd", "pd-pulldoctor")]
    [TestCase("my-pulldoctor", "my-pulldoctor")]
    public async Task FullName_FromReleaseName(string release, string expected)
    {
        var result = await Helm.TemplateAsync(release, Helm.ReleaseNamespace, []);
        Assert.That(result.ExitCode, Is.Zero, result.ToString);

        Assert.That(K8s.Name(RenderedChart.Parse(result.StandardOutput).Single("Deployment")), Is.EqualTo(expected));
    }

    private static IReadOnlyDictionary<string, string> Map(JsonNode? node) =>
        node is JsonObject o ? o.ToDictionary(p => p.Key, p => (string?)p.Value ?? string.Empty) : new Dictionary<string, string>();

    private static string ChartAppVersion() =>
        (string)((JsonObject)YamlJson.ParseDocuments(File.ReadAllText(Path.Combine(RepositoryPaths.Chart, "Chart.yaml"))).Single())["appVersion"]!;

    [GeneratedRegex("^(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])?$")]
    private static partial Regex LabelValuePattern();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$")]
    private static partial Regex DnsLabelPattern();
}
