using System.Text.Json.Nodes;
using PullDoctor.Packaging.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace PullDoctor.Packaging.Tests.Deploy;

/// <summary>
/// <c>kubectl apply -f deploy/</c> is a real alternative to Helm: deploy/ holds what the chart renders with
/// default values (release pulldoctor in namespace pulldoctor), minus the two Helm-only labels. After a chart
/// change, regenerate with <c>.ci/render-deploy.sh</c>.
/// </summary>
public sealed class DeployManifestTests
{
    private const string Regenerate = "deploy/ differs from the chart: run .ci/render-deploy.sh";

    private static readonly string[] HelmOnlyLabels = ["helm.sh/chart", "app.kubernetes.io/managed-by"];

    [Test]
    public void Crds_ChartAndDeploy_AreByteIdentical()
    {
        var chartCrds = Directory.GetFiles(Path.Combine(RepositoryPaths.Chart, "crds")).Select(Path.GetFileName).Order().ToArray();
        var deployCrds = Directory.GetFiles(RepositoryPaths.Of("deploy/crds")).Select(Path.GetFileName).Order().ToArray();

        Assert.That(chartCrds, Is.EqualTo(deployCrds), "the same CRD files");
        Assert.Multiple(() =>
        {
            foreach (var name in deployCrds)
            {
                Assert.That(
                    File.ReadAllBytes(Path.Combine(RepositoryPaths.Chart, "crds", name!)),
                    Is.EqualTo(File.ReadAllBytes(RepositoryPaths.Of("deploy/crds/" + name))),
                    $"charts/pulldoctor/crds/{name} must be a copy of deploy/crds/{name}: cp deploy/crds/{name} charts/pulldoctor/crds/");
            }
        });
    }

    [Test]
    public async Task DeployObjects_EqualTheChartsDefaultRender()
    {
        var chart = (await Helm.RenderAsync()).Objects.Select(WithoutHelmLabels).ToDictionary(K8s.Describe);
        var deploy = DeployObjects().Where(o => K8s.Kind(o) != "Namespace").ToDictionary(K8s.Describe);

        Assert.Multiple(() =>
        {
            Assert.That(deploy.Keys, Is.EquivalentTo(chart.Keys), Regenerate);
            foreach (var (key, rendered) in chart)
            {
                if (deploy.TryGetValue(key, out var written))
                {
                    Assert.That(written.ToJsonString(), Is.EqualTo(rendered.ToJsonString()), $"{key}: {Regenerate}");
                }
            }
        });
    }

    [Test]
    public async Task DeployFiles_AreTheGeneratorsOutput()
    {
        var output = Path.Combine(Path.GetTempPath(), "pulldoctor-deploy-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var result = await ProcessRunner.RunAsync(
                "bash",
                [RepositoryPaths.Of(".ci/render-deploy.sh"), output],
                TimeSpan.FromSeconds(60),
                environment: new Dictionary<string, string?> { ["PULLDOCTOR_HELM"] = Helm.Path });
            Assert.That(result.ExitCode, Is.Zero, result.ToString);

            Assert.Multiple(() =>
            {
                foreach (var file in Directory.GetFiles(output))
                {
                    var name = Path.GetFileName(file);
                    Assert.That(File.ReadAllText(RepositoryPaths.Of("deploy/" + name)), Is.EqualTo(File.ReadAllText(file)), $"deploy/{name}: {Regenerate}");
                }
            });
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    [Test]
    public void Namespace_IsTheReleaseNamespaceEnforcingRestricted()
    {
        var ns = DeployObjects().Single(o => K8s.Kind(o) == "Namespace");
        var labels = K8s.Labels(ns["metadata"]);

        Assert.Multiple(() =>
        {
            Assert.That(K8s.Name(ns), Is.EqualTo(Helm.ReleaseNamespace));
            Assert.That(labels.GetValueOrDefault("pod-security.kubernetes.io/enforce"), Is.EqualTo("restricted"));
        });
    }

    [Test]
    public void DeployObjects_AreValidAgainstKubernetes135()
    {
        var errors = DeployObjects()
            .Concat(Directory.GetFiles(RepositoryPaths.Of("deploy/crds"), "*.yaml").SelectMany(f => YamlJson.ParseDocuments(File.ReadAllText(f)).Cast<JsonObject>()))
            .SelectMany(o => KubernetesSchemas.Validate(o).Select(e => $"{K8s.Describe(o)} {e}"));

        Assert.That(errors, Is.Empty);
    }

    [Test]
    public void DeployFiles_EveryDocumentIsAnObject()
    {
        // Readers that walk documents (the operator's RBAC test, kubectl) must never meet an empty one.
        foreach (var file in DeployFiles())
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(File.ReadAllText(file)));
            Assert.That(stream.Documents.Select(d => d.RootNode), Has.All.InstanceOf<YamlMappingNode>(), file);
        }
    }

    private static IEnumerable<string> DeployFiles() =>
        Directory.GetFiles(RepositoryPaths.Of("deploy"), "*.yaml").Order(StringComparer.Ordinal);

    private static IEnumerable<JsonObject> DeployObjects() =>
        DeployFiles().SelectMany(f => YamlJson.ParseDocuments(File.ReadAllText(f)).Cast<JsonObject>());

    private static JsonObject WithoutHelmLabels(JsonObject o)
    {
        var copy = (JsonObject)o.DeepClone();
        foreach (var metadata in new[] { copy["metadata"], copy["spec"]?["template"]?["metadata"] })
        {
            if (metadata?["labels"] is JsonObject labels)
            {
                foreach (var label in HelmOnlyLabels)
                {
                    labels.Remove(label);
                }
            }
        }

        return copy;
    }
}
