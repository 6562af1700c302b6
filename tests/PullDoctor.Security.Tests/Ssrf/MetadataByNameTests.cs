using PullDoctor.Registry.Probe;
using PullDoctor.Security.Tests.Support;

namespace PullDoctor.Security.Tests.Ssrf;

/// <summary>A registry name that resolves to a metadata address in a disguised form is refused before any packet is sent.</summary>
public sealed class MetadataByNameTests
{
    [TestCase("fd20:ce::254")]
    [TestCase("64:ff9b::a9fe:a9fe")]
    [TestCase("::ffff:169.254.169.254")]
    public async Task RegistryResolvingToMetadata_IsRefusedBeforeConnecting(string address)
    {
        var result = await AttackProbe.RunAsync("registry.attacker.invalid/app:1.0", AttackProbe.Options(), new NameMap(("registry.attacker.invalid", address)));

        Assert.Multiple(() =>
        {
            Assert.That(result.Verdict, Is.EqualTo(ProbeVerdict.Inconclusive), AttackProbe.Explain(result));
            Assert.That(result.Detail, Does.Contain("refused to connect"));
        });
    }
}
