using System.Xml.Linq;
using PullDoctor.Packaging.Tests.Support;

namespace PullDoctor.Packaging.Tests.Layering;

/// <summary>
/// The layers point one way: Core ← Registry ← Diagnosis ← Operator ← CLI (a project references only layers below
/// it), and nothing below the Operator knows Kubernetes' client or its models, so the decisions stay testable with
/// plain values. Read from the project files themselves.
/// </summary>
public sealed class DependencyDirectionTests
{
    // Lowest first; Diagnosis joins between Registry and Operator when it exists (design v2).
    private static readonly string[] Layers = ["PullDoctor.Core", "PullDoctor.Registry", "PullDoctor.Diagnosis", "PullDoctor.Operator", "PullDoctor"];

    private static readonly string[] KubernetesFree = ["PullDoctor.Core", "PullDoctor.Registry", "PullDoctor.Diagnosis"];

    [Test]
    public void EveryProductProjectIsALayer_AndReferencesOnlyLayersBelowIt()
    {
        var projects = ProductProjects();
        Assert.That(projects.Keys, Is.SubsetOf(Layers), "a product project that is not in the layer list");
        Assert.Multiple(() =>
        {
            foreach (var (name, file) in projects)
            {
                var level = Array.IndexOf(Layers, name);
                foreach (var reference in ProjectReferences(file))
                {
                    Assert.That(Array.IndexOf(Layers, reference), Is.InRange(0, level - 1), $"{name} references {reference}, which is not below it");
                }
            }
        });
    }

    [Test]
    public void CoreRegistryAndDiagnosis_ReferenceNoKubernetesPackage_AndUseNoK8sType()
    {
        var projects = ProductProjects();
        Assert.Multiple(() =>
        {
            foreach (var name in KubernetesFree.Where(projects.ContainsKey))
            {
                var directory = Path.GetDirectoryName(projects[name])!;
                Assert.That(PackageReferences(projects[name]), Has.None.StartsWith("KubernetesClient"), $"{name} references the Kubernetes client");
                var users = Directory.EnumerateFiles(directory, "*.cs", SearchOption.AllDirectories)
                    .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
                    .Where(f => File.ReadLines(f).Any(line => line.TrimStart().StartsWith("using k8s", StringComparison.Ordinal) || line.Contains("k8s.Models.", StringComparison.Ordinal)))
                    .Select(f => Path.GetRelativePath(RepositoryPaths.Of("."), f));
                Assert.That(users, Is.Empty, $"{name} uses k8s types");
            }
        });
    }

    private static Dictionary<string, string> ProductProjects() =>
        Directory.EnumerateDirectories(RepositoryPaths.Of("src"))
            .Select(d => Path.Combine(d, Path.GetFileName(d) + ".csproj"))
            .Where(File.Exists)
            .ToDictionary(f => Path.GetFileNameWithoutExtension(f), f => f, StringComparer.Ordinal);

    private static IEnumerable<string> ProjectReferences(string file) =>
        Items(file, "ProjectReference").Select(include => Path.GetFileNameWithoutExtension(include.Replace('\\', '/')));

    private static IEnumerable<string> PackageReferences(string file) => Items(file, "PackageReference");

    private static IEnumerable<string> Items(string file, string item) =>
        XDocument.Load(file).Descendants(item).Select(e => (string?)e.Attribute("Include")).OfType<string>();
}
