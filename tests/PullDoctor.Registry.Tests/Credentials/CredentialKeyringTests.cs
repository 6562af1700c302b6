using PullDoctor.Core.References;
using PullDoctor.Core.Remediation;
using PullDoctor.Registry.Credentials;

namespace PullDoctor.Registry.Tests.Credentials;

/// <summary>Cases follow pkg/credentialprovider/keyring_test.go in kubernetes.</summary>
public sealed class CredentialKeyringTests
{
    private static ImageReference Image(string text) => ImageReference.Parse(text).Reference ?? throw new ArgumentException(text);

    private static DockerConfig Config(params string[] keys) =>
        new(keys.Select(k => new DockerConfigEntry(k, RegistryCredential.FromUsernamePassword("user-for-" + k, "pw"))).ToList());

    [TestCase("https://index.docker.io/v1/", "nginx")]
    [TestCase("https://index.docker.io/v1/", "docker.io/library/nginx:1.25")]
    [TestCase("https://index.docker.io/v1/", "acme/api:2.1")]
    [TestCase("index.docker.io", "acme/api")]
    [TestCase("docker.io", "acme/api")]
    [TestCase("https://docker.io", "nginx")]
    [TestCase("ghcr.io", "ghcr.io/acme/api:1")]
    [TestCase("https://ghcr.io", "ghcr.io/acme/api:1")]
    [TestCase("http://ghcr.io/", "ghcr.io/acme/api:1")]
    [TestCase("https://registry.example.com/v2/", "registry.example.com/app")]
    [TestCase("*.example.com", "registry.example.com/app")]
    [TestCase("*.*.example.com", "a.b.example.com/app")]
    [TestCase("reg[0-9].example.com", "reg1.example.com/app")]
    [TestCase("registry.example.com:5000", "registry.example.com:5000/app")]
    [TestCase("registry.example.com/team", "registry.example.com/team/app")]
    [TestCase("registry.example.com/team", "registry.example.com/teamwork/app")]
    [TestCase("127.0.0.1:5000", "127.0.0.1:5000/app:1")]
    public void Match_KeyAppliesToImage(string key, string image)
    {
        var match = CredentialKeyring.Match(Config(key), Image(image));

        Assert.Multiple(() =>
        {
            Assert.That(match.State, Is.EqualTo(PullSecretState.Found), match.Detail);
            Assert.That(match.MatchedKey, Is.EqualTo(key));
        });
    }

    [TestCase("https://index.docker.io/v1/", "ghcr.io/acme/api")]
    [TestCase("registry-1.docker.io", "nginx")]
    [TestCase("*.example.com", "example.com/app")]
    [TestCase("*.example.com", "a.b.example.com/app")]
    [TestCase("registry.example.com", "registry.example.com:5000/app")]
    [TestCase("registry.example.com:5000", "registry.example.com/app")]
    [TestCase("registry.example.com/team", "registry.example.com/other/app")]
    [TestCase("Registry.Example.com", "registry.example.com/app")]
    [TestCase("ghcr.io", "docker.io/ghcr.io/app")]
    public void Match_KeyDoesNotApply(string key, string image)
    {
        var match = CredentialKeyring.Match(Config(key), Image(image));

        Assert.That(match.State, Is.EqualTo(PullSecretState.NoEntryForRegistry));
    }

    [Test]
    public void Match_DockerHubKeyForGhcrImage_SaysBothHosts()
    {
        var match = CredentialKeyring.Match(Config("https://index.docker.io/v1/"), Image("ghcr.io/acme/api:1"));

        Assert.That(match.Detail, Is.EqualTo("keyed for https://index.docker.io/v1/, the image is on ghcr.io"));
    }

    [TestCase("registry.example.com", "registry.example.com:5000/app", "the port must match")]
    [TestCase("registry-1.docker.io", "nginx", "https://index.docker.io/v1/")]
    [TestCase("Registry.Example.com", "registry.example.com/app", "case-sensitively")]
    [TestCase("*.example.com", "a.b.example.com/app", "exactly one label")]
    [TestCase("registry.example.com/team", "registry.example.com/other/app", "not a prefix")]
    public void Match_NearMiss_ExplainsWhy(string key, string image, string hint)
    {
        var match = CredentialKeyring.Match(Config(key), Image(image));

        Assert.That(match.Detail, Does.Contain(hint));
    }

    [Test]
    public void Lookup_MostSpecificKeyComesFirst()
    {
        var candidates = CredentialKeyring.Lookup([Config("quay.io", "quay.io/coreos", "*.io")], Image("quay.io/coreos/etcd:3"));

        Assert.That(candidates.Select(c => c.Entry.Key), Is.EqualTo(new[] { "quay.io/coreos", "quay.io", "*.io" }));
    }

    [Test]
    public void Lookup_SeveralSecrets_KeepsSecretOrderWithinAKey()
    {
        var candidates = CredentialKeyring.Lookup([Config("ghcr.io"), Config("ghcr.io")], Image("ghcr.io/a/b"));

        Assert.That(candidates.Select(c => c.ConfigIndex), Is.EqualTo(new[] { 0, 1 }));
    }

    [Test]
    public void Match_EntryWithoutUsableCredential_IsInvalidWithTheEntrysProblem()
    {
        var config = new DockerConfig([new DockerConfigEntry("ghcr.io", null, "the entry for ghcr.io has no auth, username or password")]);

        var match = CredentialKeyring.Match(config, Image("ghcr.io/a/b"));

        Assert.Multiple(() =>
        {
            Assert.That(match.State, Is.EqualTo(PullSecretState.Invalid));
            Assert.That(match.Detail, Does.Contain("no auth"));
        });
    }

    [Test]
    public void Match_ParseFailure_IsInvalidWithTheParseError()
    {
        var match = CredentialKeyring.Match(DockerConfigParser.ParseDockerConfigJson("nope"u8), Image("nginx"));

        Assert.That(match.State, Is.EqualTo(PullSecretState.Invalid));
    }

    [TestCase("*", "anything", true)]
    [TestCase("a*c", "abbbc", true)]
    [TestCase("a*c", "abbbd", false)]
    [TestCase("[a-c]x", "bx", true)]
    [TestCase("[^a-c]x", "bx", false)]
    [TestCase("\\*", "*", true)]
    [TestCase("[", "a", false)]
    public void GoGlob_MatchesLikeFilepathMatch(string pattern, string name, bool expected) =>
        Assert.That(GoGlob.Match(pattern, name), Is.EqualTo(expected));
}

/// <summary>Secrets keyed for a near miss of a cloud registry's host form: no entry, and the exact key to use.</summary>
public sealed class WrongHostFormKeyTests
{
    private static ImageReference Image(string text) => ImageReference.Parse(text).Reference ?? throw new ArgumentException(text);

    private static DockerConfig Config(string key) => new([new DockerConfigEntry(key, RegistryCredential.FromUsernamePassword("AWS", "token"))]);

    [TestCase("820537372947.dkr.ecr.amazonaws.com", "820537372947.dkr.ecr.us-east-1.amazonaws.com/cats:v2", "key it 820537372947.dkr.ecr.us-east-1.amazonaws.com")]
    [TestCase("https://820537372947.dkr.ecr.eu-west-1.amazonaws.com", "820537372947.dkr.ecr.us-east-1.amazonaws.com/cats:v2", "ECR credentials are per region: key it 820537372947.dkr.ecr.us-east-1.amazonaws.com")]
    [TestCase("gcr.io", "us.gcr.io/acme/api:1", "key it us.gcr.io")]
    [TestCase("https://registry-1.docker.io/v2/", "acme/api:2.1", "https://index.docker.io/v1/")]
    public void Match_WrongHostForm_NamesTheKeyToUse(string key, string image, string expected)
    {
        var match = CredentialKeyring.Match(Config(key), Image(image));

        Assert.Multiple(() =>
        {
            Assert.That(match.State, Is.EqualTo(PullSecretState.NoEntryForRegistry));
            Assert.That(match.Detail, Does.Contain(expected));
        });
    }
}
