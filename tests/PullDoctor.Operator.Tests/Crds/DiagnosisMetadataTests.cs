using PullDoctor.Core.Remediation;
using PullDoctor.Operator.Crds;

namespace PullDoctor.Operator.Tests.Crds;

public sealed class DiagnosisMetadataTests
{
    private static readonly System.Text.RegularExpressions.Regex LabelValue = new("^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$");

    [TestCase("web", "web")]
    [TestCase("Deployment", "Deployment")]
    [TestCase("my.app-1", "my.app-1")]
    public void LabelValue_ValidValues_Unchanged(string raw, string expected) =>
        Assert.That(DiagnosisMetadata.LabelValue(raw), Is.EqualTo(expected));

    [TestCase("a-name-that-is-far-longer-than-sixty-three-characters.because.dns-subdomains-may-be-253")]
    [TestCase("-leading-and-trailing-")]
    [TestCase("rollouts/v1 ünïcödé\u001b[31m")]
    [TestCase("...")]
    public void LabelValue_AnythingElse_IsAValidBoundedValueWithAHash(string raw)
    {
        var value = DiagnosisMetadata.LabelValue(raw);

        Assert.Multiple(() =>
        {
            Assert.That(value.Length, Is.InRange(1, 63));
            Assert.That(value, Does.Match(LabelValue));
            Assert.That(value, Does.Match("[0-9a-f]{8}$"));
            Assert.That(DiagnosisMetadata.LabelValue(raw + "x"), Is.Not.EqualTo(value), "distinct names, distinct values");
        });
    }

    [Test]
    public void Labels_NameWorkloadAndCause()
    {
        var labels = DiagnosisMetadata.Labels(new WorkloadReference("CronJob", "nightly-report"), "TagNotFound");

        Assert.That(labels, Is.EquivalentTo(new Dictionary<string, string>
        {
            ["app.kubernetes.io/managed-by"] = "pulldoctor",
            ["pulldoctor.dev/workload-kind"] = "CronJob",
            ["pulldoctor.dev/workload-name"] = "nightly-report",
            ["pulldoctor.dev/cause"] = "TagNotFound",
        }));
    }
}
