using System.Text.Json.Nodes;
using PullDoctor.Packaging.Tests.Support;

namespace PullDoctor.Packaging.Tests.Chart;

/// <summary>
/// Every object the chart renders, for the defaults, every boolean flipped and the options that change the
/// output, is valid against the Kubernetes v1.35 schemas with unknown fields as errors.
/// </summary>
public sealed class ChartRenderTests
{
    // Kinds that are not part of Kubernetes; their shape is asserted by the tests of the feature.
    private static readonly HashSet<(string ApiVersion, string Kind)> NotKubernetes = [("monitoring.coreos.com/v1", "ServiceMonitor")];

    private static IEnumerable<ChartVariant> Variants() => ChartVariant.All();

    [TestCaseSource(nameof(Variants))]
    public async Task Render_Variant_EveryObjectValidAgainstKubernetes135(ChartVariant variant)
    {
        var chart = await Helm.RenderAsync([.. variant.Sets]);

        var errors = chart.Objects
            .Where(o => !NotKubernetes.Contains((K8s.ApiVersion(o), K8s.Kind(o))))
            .SelectMany(o => KubernetesSchemas.Validate(o).Select(e => $"{K8s.Describe(o)} {e}"))
            .ToArray();

        Assert.That(errors, Is.Empty);
    }

    [TestCaseSource(nameof(Variants))]
    public async Task Render_Variant_NamespacedObjectsInTheReleaseNamespace(ChartVariant variant)
    {
        var chart = await Helm.RenderAsync([.. variant.Sets]);

        // The only objects outside the release namespace are the Roles of watchNamespaces and cluster-scoped ones.
        var misplaced = chart.Objects
            .Where(o => K8s.Kind(o) is not ("ClusterRole" or "ClusterRoleBinding"))
            .Where(o => !(K8s.Kind(o) is "Role" or "RoleBinding" && K8s.Name(o) == FullName(variant)))
            .Where(o => K8s.Namespace(o) != Helm.ReleaseNamespace)
            .Select(K8s.Describe);

        Assert.That(misplaced, Is.Empty);
    }

    [Test]
    public async Task Render_Defaults_RendersTheExpectedObjects()
    {
        var chart = await Helm.RenderAsync();

        Assert.That(chart.Objects.Select(K8s.Describe), Is.EquivalentTo(new[]
        {
            "ServiceAccount pulldoctor/pulldoctor",
            "ClusterRole pulldoctor",
            "ClusterRoleBinding pulldoctor",
            "Role pulldoctor/pulldoctor-leader-election",
            "RoleBinding pulldoctor/pulldoctor-leader-election",
            "Deployment pulldoctor/pulldoctor",
            "Service pulldoctor/pulldoctor-metrics",
            "PodDisruptionBudget pulldoctor/pulldoctor",
        }));
    }

    [Test]
    public async Task Render_ServiceMonitor_ScrapesTheMetricsServicePort()
    {
        var chart = await Helm.RenderAsync("metrics.serviceMonitor.enabled=true", "metrics.serviceMonitor.labels.release=prometheus");
        var monitor = chart.Single("ServiceMonitor");
        var service = chart.Single("Service");

        Assert.Multiple(() =>
        {
            Assert.That(K8s.Labels(monitor["metadata"])["release"], Is.EqualTo("prometheus"));
            Assert.That(monitor["spec"]!["selector"]!["matchLabels"]!.ToJsonString(), Is.EqualTo(service["spec"]!["selector"]!.ToJsonString()));
            Assert.That((string?)monitor["spec"]!["endpoints"]![0]!["port"], Is.EqualTo((string?)service["spec"]!["ports"]![0]!["name"]));
            Assert.That((string?)monitor["spec"]!["endpoints"]![0]!["path"], Is.EqualTo("/metrics"));
            Assert.That((string?)monitor["spec"]!["namespaceSelector"]!["matchNames"]![0], Is.EqualTo(Helm.ReleaseNamespace));
        });
    }

    [Test]
    public async Task Render_NetworkPolicy_AllowsApiServerDnsAndRegistriesOnly()
    {
        var chart = await Helm.RenderAsync("networkPolicy.enabled=true");
        var policy = chart.Single("NetworkPolicy");
        var egress = policy["spec"]!["egress"]!.AsArray().OfType<JsonObject>().ToArray();
        static long[] Ports(JsonObject rule) => [.. rule["ports"]!.AsArray().Select(p => (long)p!["port"]!)];

        Assert.Multiple(() =>
        {
            Assert.That(policy["spec"]!["policyTypes"]!.AsArray().Select(t => (string?)t), Is.EquivalentTo(new[] { "Ingress", "Egress" }));
            Assert.That(egress, Has.Length.EqualTo(3), "API server, DNS, registries");
            Assert.That(Ports(egress[0]), Is.EquivalentTo(new long[] { 443, 6443 }), "API server");
            Assert.That(egress[1]["ports"]!.AsArray().Select(p => $"{p!["protocol"]}/{p["port"]}"), Is.EquivalentTo(new[] { "UDP/53", "TCP/53" }), "DNS");
            Assert.That(Ports(egress[2]), Does.Contain(443L), "registries");
            Assert.That(egress[2]["to"]!.AsArray().Select(t => $"{t!["ipBlock"]!["cidr"]} except {string.Join(",", t["ipBlock"]!["except"]!.AsArray())}"),
                Is.EquivalentTo(new[] { "0.0.0.0/0 except 169.254.0.0/16", "::/0 except fe80::/10,fd00:ec2::254/128,fd20:ce::254/128" }),
                "open registry ranges leave out link-local and metadata addresses, each of its own family");
            Assert.That((string?)policy["spec"]!["ingress"]![0]!["ports"]![0]!["port"], Is.EqualTo("http-metrics"));
        });
    }

    [Test]
    public async Task Render_NetworkPolicyWithNarrowedRegistries_TakesNoExceptions()
    {
        // An except must lie inside its cidr (the API server rejects it otherwise): only open ranges get them.
        var chart = await Helm.RenderAsync("networkPolicy.enabled=true", "networkPolicy.registries.cidrs={203.0.113.0/24}");
        var registries = chart.Single("NetworkPolicy")["spec"]!["egress"]![2]!["to"]!.AsArray();

        Assert.That(registries.Select(t => t!["ipBlock"]!.ToJsonString()), Is.EqualTo(new[] { """{"cidr":"203.0.113.0/24"}""" }));
    }

    [Test]
    public async Task Render_NetworkPolicyWithoutProbe_NoRegistryEgress()
    {
        var chart = await Helm.RenderAsync("networkPolicy.enabled=true", "probe.enabled=false");

        Assert.That(chart.Single("NetworkPolicy")["spec"]!["egress"]!.AsArray(), Has.Count.EqualTo(2), "API server and DNS only");
    }

    [Test]
    public async Task Render_IncludeCrds_RendersTheCrdUnchanged()
    {
        var result = await Helm.RunAsync("template", Helm.ReleaseName, RepositoryPaths.Chart, "--namespace", Helm.ReleaseNamespace, "--include-crds");
        Assert.That(result.ExitCode, Is.Zero, result.ToString);
        var crd = RenderedChart.Parse(result.StandardOutput).Single("CustomResourceDefinition");
        var file = YamlJson.ParseDocuments(File.ReadAllText(Path.Combine(RepositoryPaths.Chart, "crds", "imagepulldiagnoses.pulldoctor.dev.yaml"))).Single();

        Assert.That(crd.ToJsonString(), Is.EqualTo(file.ToJsonString()));
    }

    [TestCaseSource(nameof(Variants))]
    public async Task Notes_Variant_TellHowToSeeTheDiagnoses(ChartVariant variant)
    {
        // NOTES.txt is rendered by install, not template; a client-side dry run needs no cluster.
        var arguments = new List<string> { "install", Helm.ReleaseName, RepositoryPaths.Chart, "--namespace", Helm.ReleaseNamespace, "--dry-run=client" };
        foreach (var set in variant.Sets)
        {
            arguments.Add("--set");
            arguments.Add(set);
        }

        var result = await Helm.RunAsync([.. arguments]);

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.Zero, result.ToString);
            Assert.That(result.StandardOutput, Does.Contain("NOTES:").And.Contain("kubectl get ipd -A"));
        });
    }

    private static string FullName(ChartVariant variant) =>
        variant.Sets.FirstOrDefault(s => s.StartsWith("fullnameOverride=", StringComparison.Ordinal))?["fullnameOverride=".Length..] ?? "pulldoctor";
}
