using PullDoctor.Core.Registries;

namespace PullDoctor.Core.Tests.Registries;

/// <summary>Recognition by host grammar and by WWW-Authenticate challenge; every challenge is a recorded one (origin beside it).</summary>
public class RegistryCatalogTests
{
    [TestCase("820537372947.dkr.ecr.us-east-1.amazonaws.com", RegistryKind.Ecr, "820537372947", "us-east-1")] // kubernetes/kubernetes#102750
    [TestCase("123456789012.dkr.ecr-fips.us-gov-west-1.amazonaws.com", RegistryKind.Ecr, "123456789012", "us-gov-west-1")] // ecr-credential-provider pattern
    [TestCase("123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn", RegistryKind.Ecr, "123456789012", "cn-north-1")]
    [TestCase("public.ecr.aws", RegistryKind.EcrPublic, null, null)]
    [TestCase("europe-west2-docker.pkg.dev", RegistryKind.ArtifactRegistry, null, null)]
    [TestCase("us.gcr.io", RegistryKind.GoogleContainerRegistry, null, null)]
    [TestCase("containerday2021.azurecr.io", RegistryKind.Acr, null, null)]
    [TestCase("ghcr.io", RegistryKind.Ghcr, null, null)]
    [TestCase("registry-1.docker.io", RegistryKind.DockerHub, null, null)]
    [TestCase("quay.io", RegistryKind.Quay, null, null)]
    [TestCase("registry.gitlab.com", RegistryKind.GitLab, null, null)]
    [TestCase("acme.jfrog.io", RegistryKind.Artifactory, null, null)]
    [TestCase("registry.k8s.io", RegistryKind.KubernetesRegistry, null, null)]
    [TestCase("mirror.gcr.io", RegistryKind.Mirror, null, null)]
    public void ByHost_KnowsTheRegistryAndItsParts(string host, RegistryKind kind, string? account, string? region)
    {
        var match = RegistryCatalog.ByHost(host);

        Assert.Multiple(() =>
        {
            Assert.That(match?.Kind, Is.EqualTo(kind));
            Assert.That(match?.Account, Is.EqualTo(account));
            Assert.That(match?.Region, Is.EqualTo(region));
        });
    }

    [TestCase("12345.dkr.ecr.us-east-1.amazonaws.com")] // not a 12-digit account
    [TestCase("820537372947.dkr.ecr.us-east-1.amazonaws.com.evil.example")]
    [TestCase("docker.pkg.dev")]
    [TestCase("registry.example.com")]
    [TestCase("evil.example/$(id)")]
    public void ByHost_RefusesLookalikes(string host) => Assert.That(RegistryCatalog.ByHost(host), Is.Null);

    [Test]
    public void ByHost_ReadsArtifactRegistryAndAcrParts()
    {
        Assert.Multiple(() =>
        {
            Assert.That(RegistryCatalog.ByHost("europe-west2-docker.pkg.dev")!.Location, Is.EqualTo("europe-west2"));
            Assert.That(RegistryCatalog.ByHost("eu.gcr.io")!.Location, Is.EqualTo("europe"));
            Assert.That(RegistryCatalog.ByHost("containerday2021.azurecr.io")!.RegistryName, Is.EqualTo("containerday2021"));
        });
    }

    // Each challenge as its registry sends it (origins in RegistryTables and below); the host dialled is a loopback one,
    // as in a probe of a recording, so the registry is known by its answer alone.
    [TestCase("Basic", "https://111111111111.dkr.ecr.us-east-1.amazonaws.com/", "ecr.amazonaws.com", RegistryKind.Ecr)] // mayflower/docker-ls#28
    [TestCase("Bearer", "https://public.ecr.aws/token/", "public.ecr.aws", RegistryKind.EcrPublic)]
    [TestCase("Bearer", "https://us-central1-docker.pkg.dev/v2/token", "us-central1-docker.pkg.dev", RegistryKind.ArtifactRegistry)] // skaffold#6743
    [TestCase("Bearer", "https://gcr.io/v2/token", "gcr.io", RegistryKind.GoogleContainerRegistry)]
    [TestCase("Bearer", "https://myregistry.azurecr.io/oauth2/token", "myregistry.azurecr.io", RegistryKind.Acr)] // Azure SDK recordings
    [TestCase("Bearer", "https://ghcr.io/token", "ghcr.io", RegistryKind.Ghcr)]
    [TestCase("Bearer", "https://auth.docker.io/token", "registry.docker.io", RegistryKind.DockerHub)]
    [TestCase("Bearer", "https://quay.io/v2/auth", "quay.io", RegistryKind.Quay)]
    [TestCase("Bearer", "https://registry.xxxx.com/service/token", "harbor-registry", RegistryKind.Harbor)] // goharbor report
    [TestCase("Bearer", "https://gitlab.com/jwt/auth", "container_registry", RegistryKind.GitLab)]
    [TestCase("Bearer", "https://repo-vip.tivo.com:8081/artifactory/api/docker/dockerv2-local/v2/token", "repo-vip.tivo.com:8081", RegistryKind.Artifactory)]
    [TestCase("BASIC", "Sonatype Nexus Repository Manager", null, RegistryKind.Nexus)] // Nexus/3.20.1-01 answer
    public void ByChallenge_KnowsTheRegistryByItsAnswer(string scheme, string realm, string? service, RegistryKind kind)
    {
        var match = RegistryCatalog.ByChallenge("127.0.0.1:5000", scheme, realm, service);

        Assert.Multiple(() =>
        {
            Assert.That(match?.Kind, Is.EqualTo(kind));
            Assert.That(match?.ByChallenge, Is.True);
        });
    }

    [Test]
    public void ByChallenge_EcrRealmNamesAccountAndRegion()
    {
        var match = RegistryCatalog.ByChallenge("127.0.0.1:5000", "Basic", "https://111111111111.dkr.ecr.us-east-1.amazonaws.com/", "ecr.amazonaws.com");

        Assert.That((match?.Account, match?.Region), Is.EqualTo(("111111111111", "us-east-1")));
    }

    [Test]
    public void ByChallenge_PlainDistributionIsNoKnownRegistry() =>
        Assert.That(RegistryCatalog.ByChallenge("127.0.0.1:5000", "Bearer", "https://127.0.0.1:5001/token", "pulldoctor-test-registry"), Is.Null);

    [TestCase("820537372947.dkr.ecr.amazonaws.com", "820537372947.dkr.ecr.us-east-1.amazonaws.com", "an ECR key must name the region: key it 820537372947.dkr.ecr.us-east-1.amazonaws.com")]
    [TestCase("820537372947.dkr.ecr.us-west-2.amazonaws.com", "820537372947.dkr.ecr.us-east-1.amazonaws.com", "the key is for region us-west-2, the image is in us-east-1; ECR credentials are per region: key it 820537372947.dkr.ecr.us-east-1.amazonaws.com")]
    [TestCase("gcr.io", "us.gcr.io", "gcr.io and us.gcr.io are different hosts to the kubelet: key it us.gcr.io")]
    [TestCase("us-docker.pkg.dev", "europe-west2-docker.pkg.dev", "Artifact Registry hosts are per location: key it europe-west2-docker.pkg.dev")]
    public void WrongKeyForm_NamesTheExactKey(string key, string image, string expected) =>
        Assert.That(RegistryCatalog.WrongKeyForm(key, image), Is.EqualTo(expected));

    [Test]
    public void EveryTable_HasAnOriginAndEveryWordingOneToo()
    {
        Assert.Multiple(() =>
        {
            foreach (var profile in RegistryCatalog.All)
            {
                Assert.That(profile.Origin, Is.Not.Empty, profile.Name);
                Assert.That(profile.Errors.All(e => e.Origin.Length > 0), profile.Name);
                Assert.That(profile.Challenges.All(c => c.Origin.Length > 0), profile.Name);
            }
        });
    }
}
