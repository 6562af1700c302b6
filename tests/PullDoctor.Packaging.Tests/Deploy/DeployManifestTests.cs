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
    public Task DeployFiles_AreTheGeneratorsOutput() => CompareWithGeneratorAsync(() => Helm.Path);

    [Test]
    public void DeployFiles_AreTheGeneratorsOutput_WithoutHelmOutsideCi_IsIgnoredNamingHelm()
    {
        // A fresh clone without .ci/get-helm.sh: the check is skipped, saying what is missing and how to get it,
        // and leaves no temporary directory behind (it used to delete one it never created, failing the skip).
        var missing = Path.Combine(Path.GetTempPath(), "pulldoctor-no-helm-" + Guid.NewGuid().ToString("N")[..8], "helm");
        var before = Directory.GetDirectories(Path.GetTempPath(), "pulldoctor-deploy-*").Length;

        var ignored = Assert.ThrowsAsync<IgnoreException>(() => CompareWithGeneratorAsync(() => Helm.Locate(missing, isCi: false)));

        Assert.Multiple(() =>
        {
            Assert.That(ignored!.Message, Does.Contain("helm at " + missing).And.Contain(".ci/get-helm.sh"));
            Assert.That(Directory.GetDirectories(Path.GetTempPath(), "pulldoctor-deploy-*"), Has.Length.EqualTo(before));
        });
    }

    [Test]
    public void DeployFiles_AreTheGeneratorsOutput_WithoutHelmInCi_Fails()
    {
        var missing = Path.Combine(Path.GetTempPath(), "pulldoctor-no-helm-" + Guid.NewGuid().ToString("N")[..8], "helm");

        var failed = Assert.ThrowsAsync<AssertionException>(() => CompareWithGeneratorAsync(() => Helm.Locate(missing, isCi: true)));

        Assert.That(failed!.Message, Does.Contain("helm at " + missing).And.Contain("In CI"));
    }

    /// <summary>Renders deploy/ with .ci/render-deploy.sh into a temporary directory and compares it with deploy/.</summary>
    private static async Task CompareWithGeneratorAsync(Func<string> helm)
    {
        // Locate helm before creating anything: a missing helm ends the test here (ignore or failure) with
        // nothing to clean up.
        var helmPath = helm();
        var output = Directory.CreateTempSubdirectory("pulldoctor-deploy-").FullName;
        try
        {
            var result = await ProcessRunner.RunAsync(
                "bash",
                [RepositoryPaths.Of(".ci/render-deploy.sh"), output],
                TimeSpan.FromSeconds(60),
                environment: new Dictionary<string, string?> { ["PULLDOCTOR_HELM"] = helmPath });
            Assert.That(result.ExitCode, Is.Zero, result.ToString);

            var rendered = Directory.GetFiles(output);
            Assert.That(rendered, Is.Not.Empty, "render-deploy.sh wrote nothing");
            Assert.Multiple(() =>
            {
                foreach (var file in rendered)
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
