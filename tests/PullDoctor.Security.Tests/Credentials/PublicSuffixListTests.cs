using System.Globalization;
using System.Text.RegularExpressions;
using PullDoctor.Registry.Credentials;
using PullDoctor.Operator.Tests.Support;
using PullDoctor.RegistryFixtures;

namespace PullDoctor.Security.Tests.Credentials;

/// <summary>
/// The embedded Public Suffix List and its lookup: the list's own test vectors (<c>Data/test_psl.txt</c>, from
/// Debian's <c>publicsuffix</c> package, public domain), the list is the one the machine's distribution maintains,
/// and the sites the token-realm rule compares.
/// </summary>
public sealed partial class PublicSuffixListTests
{
    private const string InstalledList = "/usr/share/publicsuffix/public_suffix_list.dat";
    private static readonly IdnMapping Idn = new();

    public static IEnumerable<TestCaseData> Vectors()
    {
        var path = Path.Combine(TestContext.CurrentContext.TestDirectory, "Credentials", "Data", "test_psl.txt");
        foreach (var line in File.ReadLines(path))
        {
            if (CheckLine().Match(line) is { Success: true } m)
            {
                var expected = m.Groups["expected"].Success ? m.Groups["expected"].Value : null;
                yield return new TestCaseData(m.Groups["input"].Value, expected).SetArgDisplayNames(m.Groups["input"].Value);
            }
        }
    }

    [TestCaseSource(nameof(Vectors))]
    public void RegistrableDomain_MatchesTheListsTestVectors(string input, string? expected)
    {
        Assert.That(PublicSuffixList.Default.RegistrableDomain(Ascii(input)), Is.EqualTo(expected is null ? null : Ascii(expected)));
    }

    [Test]
    public void Vectors_AreAllRead()
    {
        Assert.That(Vectors().Count(), Is.GreaterThan(60), "test_psl.txt holds about 70 checks with a non-null input");
    }

    [Test]
    public void EmbeddedList_IsTheInstalledDebianList()
    {
        var installed = ExternalBinary.Require(InstalledList, "publicsuffix");
        var embedded = Path.Combine(RepositoryPaths.Root, "src", "PullDoctor.Registry", "Credentials", "Data", "public_suffix_list.dat");
        Assert.That(File.ReadAllBytes(embedded).SequenceEqual(File.ReadAllBytes(installed)), Is.True,
            $"the embedded Public Suffix List differs from {installed}: refresh it as src/PullDoctor.Registry/Credentials/Data/README.md says");
        Assert.That(PublicSuffixList.Default.Count, Is.GreaterThan(9000));
    }

    [TestCase("registry-1.docker.io", "docker.io")]
    [TestCase("auth.docker.io", "docker.io")]
    [TestCase("victim.azurecr.io", "victim.azurecr.io", Description = "ACR: one registry per customer, not in the PSL")]
    [TestCase("victim.privatelink.azurecr.io", "privatelink.azurecr.io")]
    [TestCase("victim.azurecr.cn", "victim.azurecr.cn")]
    [TestCase("acme.jfrog.io", "acme.jfrog.io")]
    [TestCase("123456789012.dkr.ecr.us-east-1.amazonaws.com", "123456789012.dkr.ecr.us-east-1.amazonaws.com")]
    [TestCase("123456789012.dkr.ecr-fips.us-gov-west-1.amazonaws.com", "123456789012.dkr.ecr-fips.us-gov-west-1.amazonaws.com")]
    [TestCase("123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn", "123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn")]
    [TestCase("victim.github.io", "victim.github.io", Description = "the PSL's private section")]
    [TestCase("registry.gitlab.com", "gitlab.com")]
    [TestCase("harbor.corp.co.uk", "corp.co.uk")]
    [TestCase("co.uk", null)]
    public void Site_OfRegistryHosts(string host, string? site)
    {
        Assert.That(RegistrySite.Site(host), Is.EqualTo(site));
    }

    [TestCase("https://auth.docker.io/token", "https://registry-1.docker.io/v2/", true)]
    [TestCase("https://gitlab.com/jwt/auth", "https://registry.gitlab.com/v2/", true)]
    [TestCase("https://victim.azurecr.io/oauth2/token", "https://victim.azurecr.io/v2/", true)]
    [TestCase("https://evil.azurecr.io/oauth2/token", "https://victim.azurecr.io/v2/", false)]
    [TestCase("https://evil.co.uk/token", "https://victim.co.uk/v2/", false)]
    [TestCase("https://auth.example.com:8443/token", "https://registry.example.com/v2/", false)]
    [TestCase("https://auth.example.com/token", "https://registry.example.com:5000/v2/", false)]
    [TestCase("https://registry.example.com:5001/token", "https://registry.example.com:5000/v2/", false)]
    [TestCase("https://10.0.0.1/token", "https://registry.example.com/v2/", false)]
    public void SameSiteAndPort(string realm, string registry, bool same)
    {
        Assert.That(RegistrySite.SameSiteAndPort(new Uri(realm), new Uri(registry)), Is.EqualTo(same));
    }

    private static string Ascii(string name)
    {
        if (name.Split('.').Any(l => l.Length == 0) || name.All(char.IsAscii))
        {
            return name.ToLowerInvariant();
        }

        return Idn.GetAscii(name).ToLowerInvariant();
    }

    [GeneratedRegex(@"^checkPublicSuffix\('(?<input>[^']+)', (?:'(?<expected>[^']+)'|null)\);")]
    private static partial Regex CheckLine();
}
