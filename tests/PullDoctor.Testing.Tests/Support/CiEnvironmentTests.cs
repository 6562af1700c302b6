using NUnit.Framework.Internal;
using PullDoctor.TestSupport;

namespace PullDoctor.Testing.Tests.Support;

/// <summary>The one definition of "in CI" every test project uses (tests/PullDoctor.TestSupport).</summary>
public sealed class CiEnvironmentTests
{
    [TestCase(null, false)]
    [TestCase("", false)]
    [TestCase("   ", false)]
    [TestCase("false", false)]
    [TestCase("False", false)]
    [TestCase("FALSE", false)]
    [TestCase("0", false)]
    [TestCase("no", false)]
    [TestCase(" false ", false)]
    [TestCase("true", true)]
    [TestCase("True", true)]
    [TestCase("TRUE", true)]
    [TestCase("1", true)]
    [TestCase("yes", true)]
    [TestCase(" true\n", true)]
    [TestCase("woodpecker", true)]
    public void Means_TruthTable(string? value, bool inCi) =>
        Assert.That(CiEnvironment.Means(value), Is.EqualTo(inCi), $"CI={value ?? "(unset)"}");

    [Test]
    public void Missing_InCi_FailsNamingTheComponentAndHowToGetIt()
    {
        var failed = Assert.Throws<AssertionException>(() => CiEnvironment.Missing("/usr/bin/skopeo", "install the Debian package 'skopeo'", isCi: true));

        Assert.That(failed!.Message, Does.Contain("/usr/bin/skopeo is missing").And.Contain("'skopeo'").And.Contain("In CI"));
    }

    [Test]
    public void Missing_OutsideCi_IgnoresNamingTheComponentAndHowToGetIt()
    {
        var ignored = Assert.Throws<IgnoreException>(() => CiEnvironment.Missing("helm at .tools/helm", "run .ci/get-helm.sh", isCi: false));

        Assert.That(ignored!.Message, Does.Contain("helm at .tools/helm is missing: run .ci/get-helm.sh").And.Contain("CI is not set"));
    }
}
