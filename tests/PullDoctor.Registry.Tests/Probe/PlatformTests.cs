using PullDoctor.Registry.Probe;

namespace PullDoctor.Registry.Tests.Probe;

public sealed class PlatformTests
{
    private static Platform P(string text) => Platform.TryParse(text, out var p) ? p : throw new ArgumentException(text);

    [TestCase("linux/aarch64", "linux/arm64")]
    [TestCase("linux/arm64/v8", "linux/arm64")]
    [TestCase("linux/x86_64", "linux/amd64")]
    [TestCase("linux/arm", "linux/arm/v7")]
    [TestCase("linux/armhf", "linux/arm/v7")]
    [TestCase("Linux/AMD64", "linux/amd64")]
    [TestCase("linux/i386", "linux/386")]
    [TestCase("windows/amd64", "windows/amd64")]
    public void TryParse_Normalizes(string text, string normalized) => Assert.That(P(text).ToString(), Is.EqualTo(normalized));

    [TestCase("linux")]
    [TestCase("linux/")]
    [TestCase("a/b/c/d")]
    [TestCase("linux/amd 64")]
    [TestCase("")]
    public void TryParse_Rejects(string text) => Assert.That(Platform.TryParse(text, out _), Is.False);

    [TestCase("linux/arm64", "linux/arm64/v8", true)]
    [TestCase("linux/amd64", "linux/arm64", false)]
    [TestCase("linux/arm/v7", "linux/arm/v6", true)]
    [TestCase("linux/arm/v6", "linux/arm/v7", false)]
    [TestCase("linux/amd64", "windows/amd64", false)]
    public void Accepts_LikeContainerdsDefaultMatcher(string node, string image, bool expected) =>
        Assert.That(P(node).Accepts(P(image)), Is.EqualTo(expected));
}
