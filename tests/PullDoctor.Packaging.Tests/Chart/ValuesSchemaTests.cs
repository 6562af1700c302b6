using PullDoctor.Packaging.Tests.Support;

namespace PullDoctor.Packaging.Tests.Chart;

/// <summary>values.schema.json turns a typo or a wrong type into a failed install instead of a silent default.</summary>
public sealed class ValuesSchemaTests
{
    [TestCase("replicaCount=two", "/replicaCount")]
    [TestCase("probe.enabled=maybe", "/probe/enabled")]
    [TestCase("workers=0", "/workers")]
    [TestCase("logging.format=xml", "/logging/format")]
    [TestCase("leaderElection.leaseDuration=15", "/leaderElection/leaseDuration")]
    [TestCase("watchNamespaces=shop", "/watchNamespaces")]
    [TestCase("watchNamespaces={Shop}", "/watchNamespaces/0")]
    [TestCase("image.pullPolicy=Sometimes", "/image/pullPolicy")]
    [TestCase("probe.allowNetworks={10.0.0.1}", "/probe/allowNetworks/0")]
    public async Task Template_WrongType_Fails(string set, string location)
    {
        var result = await Helm.TemplateAsync(set);

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.Not.Zero, result.ToString);
            Assert.That(result.StandardError, Does.Contain("schema").And.Contain(location));
        });
    }

    [TestCase("replicas=3", "replicas")]
    [TestCase("leaderElection.lease=x", "lease")]
    [TestCase("probe.usePullSecret=false", "usePullSecret")]
    public async Task Template_UnknownKey_Fails(string set, string key)
    {
        var result = await Helm.TemplateAsync(set);

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.Not.Zero, result.ToString);
            Assert.That(result.StandardError, Does.Contain("additional properties").And.Contain($"'{key}'"));
        });
    }

    [Test]
    public async Task Template_SeveralReplicasWithoutLeaderElection_FailsWithTheReason()
    {
        var result = await Helm.TemplateAsync("leaderElection.enabled=false");

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.Not.Zero);
            Assert.That(result.StandardError, Does.Contain("replicaCount > 1 needs leaderElection.enabled"));
        });
    }

    [Test]
    public async Task Template_ExistingServiceAccountWithoutName_FailsWithTheReason()
    {
        var result = await Helm.TemplateAsync("serviceAccount.create=false");

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.Not.Zero);
            Assert.That(result.StandardError, Does.Contain("serviceAccount.name is required"));
        });
    }

    [Test]
    public async Task Template_ServiceMonitorWithoutService_FailsWithTheReason()
    {
        var result = await Helm.TemplateAsync("metrics.serviceMonitor.enabled=true", "metrics.service.enabled=false");

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.Not.Zero);
            Assert.That(result.StandardError, Does.Contain("metrics.serviceMonitor.enabled needs metrics.service.enabled"));
        });
    }

    [Test]
    public void ValuesYaml_EveryTopLevelKey_IsDocumented()
    {
        // A top-level key is documented by a comment right above it or by comments on its children.
        var lines = File.ReadAllLines(Path.Combine(RepositoryPaths.Chart, "values.yaml"));
        var undocumented = new List<string>();
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Length == 0 || char.IsWhiteSpace(lines[i][0]) || lines[i].StartsWith('#'))
            {
                continue;
            }

            var end = i + 1;
            while (end < lines.Length && (lines[end].Length == 0 || char.IsWhiteSpace(lines[end][0])))
            {
                end++;
            }

            var above = i > 0 && lines[i - 1].StartsWith('#');
            var inside = lines[(i + 1)..end].Any(l => l.TrimStart().StartsWith('#'));
            if (!above && !inside)
            {
                undocumented.Add(lines[i]);
            }
        }

        Assert.That(undocumented, Is.Empty);
    }
}
