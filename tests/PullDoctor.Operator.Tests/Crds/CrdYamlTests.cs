using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using PullDoctor.Operator.Crds;
using PullDoctor.Operator.Tests.Support;

namespace PullDoctor.Operator.Tests.Crds;

/// <summary>
/// deploy/crds/imagepulldiagnoses.pulldoctor.dev.yaml is generated from the C# model; these tests fail
/// when the two drift. Regenerate with <c>PULLDOCTOR_UPDATE_CRD=1 dotnet test --filter CrdYamlTests</c>.
/// </summary>
public sealed class CrdYamlTests
{
    private const string CrdPath = "deploy/crds/imagepulldiagnoses.pulldoctor.dev.yaml";

    private const string Header =
        "# Generated from src/PullDoctor.Operator/Crds by tests/PullDoctor.Operator.Tests/Crds/CrdYamlTests.cs.\n" +
        "# Do not edit: change the C# model, then run PULLDOCTOR_UPDATE_CRD=1 dotnet test tests/PullDoctor.Operator.Tests --filter CrdYamlTests\n";

    [OneTimeSetUp]
    public void RegenerateWhenAsked()
    {
        if (Environment.GetEnvironmentVariable("PULLDOCTOR_UPDATE_CRD") == "1")
        {
            File.WriteAllText(RepositoryPaths.Of(CrdPath), Header + KubernetesYaml.Serialize(CrdGenerator.Generate()));
        }
    }

    [Test]
    public void CrdYaml_EqualsTheSchemaGeneratedFromTheModel()
    {
        var expected = JsonNode.Parse(KubernetesJson.Serialize(CrdGenerator.Generate()));
        var actual = JsonNode.Parse(KubernetesJson.Serialize(LoadCrd()));

        var differences = JsonTree.Differences(expected, actual);

        Assert.That(differences, Is.Empty, "deploy/crds drifted from the C# model; regenerate with PULLDOCTOR_UPDATE_CRD=1");
    }

    [Test]
    public void CrdYaml_EveryPropertyPathOfTheModelIsInTheSchema_AndEverySchemaPathIsInTheModel()
    {
        var modelPaths = new SortedSet<string>(StringComparer.Ordinal);
        CollectPaths(JsonNode.Parse(KubernetesJson.Serialize(SampleDiagnoses.FullyPopulated()))!, string.Empty, modelPaths);
        modelPaths.RemoveWhere(p => p.StartsWith(".metadata.", StringComparison.Ordinal));

        var schemaPaths = new SortedSet<string>(StringComparer.Ordinal);
        CollectSchemaPaths(LoadCrd().Spec.Versions.Single().Schema.OpenAPIV3Schema, string.Empty, schemaPaths);

        Assert.Multiple(() =>
        {
            Assert.That(modelPaths.Except(schemaPaths), Is.Empty, "written by the operator but not in the CRD schema (the API server would prune it)");
            Assert.That(schemaPaths.Except(modelPaths), Is.Empty, "in the CRD schema but never written by the model");
        });
    }

    [Test]
    public void CrdYaml_PrinterColumnsPointAtSchemaFields()
    {
        var version = LoadCrd().Spec.Versions.Single();
        var schemaPaths = new SortedSet<string>(StringComparer.Ordinal);
        CollectSchemaPaths(version.Schema.OpenAPIV3Schema, string.Empty, schemaPaths);
        schemaPaths.Add(".metadata.creationTimestamp");

        var columns = version.AdditionalPrinterColumns.ToDictionary(c => c.Name);
        Assert.Multiple(() =>
        {
            Assert.That(columns.Keys, Is.EqualTo(new[] { "Workload", "Cause", "Confidence", "Since", "Image", "Node", "Container", "Phase", "Summary" }));
            string[] wide = ["Node", "Container", "Phase", "Summary"];
            Assert.That(wide.Select(c => columns[c].Priority), Is.All.EqualTo(1), "-o wide columns");
            Assert.That(columns.Values.Where(c => !wide.Contains(c.Name)).Select(c => c.Priority ?? 0), Is.All.EqualTo(0));
            foreach (var column in columns.Values)
            {
                var path = column.JsonPath.Replace("[0]", "[]", StringComparison.Ordinal);
                Assert.That(schemaPaths, Does.Contain(path), $"column {column.Name}");
            }
        });
    }

    [Test]
    public void CrdYaml_DeclaresNamesScopeAndStatusSubresourceOfSpec()
    {
        var crd = LoadCrd();
        Assert.Multiple(() =>
        {
            Assert.That(crd.Metadata.Name, Is.EqualTo("imagepulldiagnoses.pulldoctor.dev"));
            Assert.That(crd.Spec.Group, Is.EqualTo("pulldoctor.dev"));
            Assert.That(crd.Spec.Scope, Is.EqualTo("Namespaced"));
            Assert.That(crd.Spec.Names.Kind, Is.EqualTo("ImagePullDiagnosis"));
            Assert.That(crd.Spec.Names.Plural, Is.EqualTo("imagepulldiagnoses"));
            Assert.That(crd.Spec.Names.Singular, Is.EqualTo("imagepulldiagnosis"));
            Assert.That(crd.Spec.Names.ShortNames, Is.EqualTo(new[] { "ipd" }));
            Assert.That(crd.Spec.Names.Categories, Is.EqualTo(new[] { "pulldoctor" }));
            Assert.That(crd.Spec.Versions.Single().Name, Is.EqualTo("v1alpha1"));
            Assert.That(crd.Spec.Versions.Single().Subresources?.Status, Is.Not.Null);
            var conditions = crd.Spec.Versions.Single().Schema.OpenAPIV3Schema.Properties["status"].Properties["conditions"];
            Assert.That(conditions.XKubernetesListType, Is.EqualTo("map"));
            Assert.That(conditions.XKubernetesListMapKeys, Is.EqualTo(new[] { "type" }));
        });
    }

    internal static V1CustomResourceDefinition LoadCrd() =>
        KubernetesYaml.Deserialize<V1CustomResourceDefinition>(File.ReadAllText(RepositoryPaths.Of(CrdPath)));

    private static void CollectPaths(JsonNode node, string path, ISet<string> paths)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj)
                {
                    paths.Add($"{path}.{key}");
                    if (value is not null)
                    {
                        CollectPaths(value, $"{path}.{key}", paths);
                    }
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    if (item is not null)
                    {
                        CollectPaths(item, path + "[]", paths);
                    }
                }

                break;
        }
    }

    private static void CollectSchemaPaths(V1JSONSchemaProps schema, string path, ISet<string> paths)
    {
        foreach (var (key, value) in schema.Properties ?? new Dictionary<string, V1JSONSchemaProps>())
        {
            paths.Add($"{path}.{key}");
            CollectSchemaPaths(value, $"{path}.{key}", paths);
        }

        // Items is typed object: YAML gives a dictionary or JsonElement, the generator a V1JSONSchemaProps.
        if (schema.Items is { } items)
        {
            var typed = items as V1JSONSchemaProps ?? KubernetesJson.Deserialize<V1JSONSchemaProps>(KubernetesJson.Serialize(items));
            CollectSchemaPaths(typed, path + "[]", paths);
        }
    }
}
