using NUnit.Framework.Internal;
using PullDoctor.RegistryFixtures;

namespace PullDoctor.Registry.Tests.Fixtures;

[TestFixture]
public sealed class ExternalBinaryFixtureTests
{
    private const string Missing = "/usr/bin/pulldoctor-no-such-binary";

    [Test]
    public void Require_MissingBinaryInCi_FailsTheTest()
    {
        var error = Assert.Throws<AssertionException>(() => ExternalBinary.Require(Missing, "no-such-package", isCi: true));

        Assert.That(error!.Message, Does.Contain("no-such-package").And.Contain("In CI"));
    }

    [Test]
    public void Require_MissingBinaryOutsideCi_IgnoresTheTest()
    {
        var error = Assert.Throws<IgnoreException>(() => ExternalBinary.Require(Missing, "no-such-package", isCi: false));

        Assert.That(error!.Message, Does.Contain(Missing).And.Contain("no-such-package"));
    }

    [Test]
    public void Require_PresentBinary_ReturnsItsPath()
    {
        Assert.That(ExternalBinary.Require("/bin/sh", "dash", isCi: true), Is.EqualTo("/bin/sh"));
    }
}
