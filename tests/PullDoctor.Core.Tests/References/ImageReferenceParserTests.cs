using PullDoctor.Core.References;

namespace PullDoctor.Core.Tests.References;

// Expected values follow distribution/reference's normalize_test.go and reference_test.go.
public class ImageReferenceParserTests
{
    [TestCase("nginx", "docker.io/library/nginx:latest", "registry-1.docker.io", "nginx")]
    [TestCase("nginx:1.25", "docker.io/library/nginx:1.25", "registry-1.docker.io", "nginx:1.25")]
    [TestCase("docker.io/nginx", "docker.io/library/nginx:latest", "registry-1.docker.io", "nginx")]
    [TestCase("index.docker.io/library/nginx:1", "docker.io/library/nginx:1", "registry-1.docker.io", "nginx:1")]
    [TestCase("acme/api:2.1", "docker.io/acme/api:2.1", "registry-1.docker.io", "acme/api:2.1")]
    [TestCase("localhost/app", "localhost/app:latest", "localhost", "localhost/app")]
    [TestCase("localhost:5000/team/app:v1", "localhost:5000/team/app:v1", "localhost:5000", "localhost:5000/team/app:v1")]
    [TestCase("registry.example.com:8443/a/b/c:1.0-rc.1", "registry.example.com:8443/a/b/c:1.0-rc.1", "registry.example.com:8443", "registry.example.com:8443/a/b/c:1.0-rc.1")]
    [TestCase("127.0.0.1:5000/app", "127.0.0.1:5000/app:latest", "127.0.0.1:5000", "127.0.0.1:5000/app")]
    [TestCase("[::1]:5000/app:v2", "[::1]:5000/app:v2", "[::1]:5000", "[::1]:5000/app:v2")]
    [TestCase("[2001:db8::1]/app", "[2001:db8::1]/app:latest", "[2001:db8::1]", "[2001:db8::1]/app")]
    [TestCase("ghcr.io/org/my_app__x.y-z:tag_1", "ghcr.io/org/my_app__x.y-z:tag_1", "ghcr.io", "ghcr.io/org/my_app__x.y-z:tag_1")]
    [TestCase("Example.COM/app", "Example.COM/app:latest", "Example.COM", "Example.COM/app")]
    [TestCase("123456789012.dkr.ecr.us-east-1.amazonaws.com/web:prod", "123456789012.dkr.ecr.us-east-1.amazonaws.com/web:prod", "123456789012.dkr.ecr.us-east-1.amazonaws.com", "123456789012.dkr.ecr.us-east-1.amazonaws.com/web:prod")]
    public void Parse_ValidReference_Normalizes(string input, string normalized, string registryHost, string familiar)
    {
        var result = ImageReference.Parse(input);

        Assert.That(result.IsValid, Is.True, () => result.Error!.Reason);
        Assert.Multiple(() =>
        {
            Assert.That(result.Reference!.Normalized, Is.EqualTo(normalized));
            Assert.That(result.Reference.RegistryHost, Is.EqualTo(registryHost));
            Assert.That(result.Reference.Familiar, Is.EqualTo(familiar));
            Assert.That(result.Reference.Original, Is.EqualTo(input));
        });
    }

    [Test]
    public void Parse_Digest_KeepsDigestAndPullsByIt()
    {
        var digest = "sha256:" + new string('a', 64);
        var reference = ImageReference.Parse("nginx@" + digest).Reference!;

        Assert.Multiple(() =>
        {
            Assert.That(reference.Digest, Is.EqualTo(digest));
            Assert.That(reference.Tag, Is.Null);
            Assert.That(reference.EffectiveTag, Is.Null);
            Assert.That(reference.ManifestReference, Is.EqualTo(digest));
            Assert.That(reference.Normalized, Is.EqualTo("docker.io/library/nginx@" + digest));
        });
    }

    [Test]
    public void Parse_TagAndDigest_DigestWinsForThePull()
    {
        var digest = "sha512:" + new string('0', 128);
        var reference = ImageReference.Parse("quay.io/org/app:1.0@" + digest).Reference!;

        Assert.That(reference.ManifestReference, Is.EqualTo(digest));
        Assert.That(reference.Normalized, Is.EqualTo("quay.io/org/app:1.0@" + digest));
    }

    [Test]
    public void Parse_UppercaseFirstComponent_IsARegistryHostAsInNewerDistribution()
    {
        // splitDockerDomain: "Uppercase namespaces are not allowed on Docker Hub. Therefore, maybeDomain must be a domain."
        var reference = ImageReference.Parse("MyOrg/app:1").Reference!;

        Assert.That(reference.Domain, Is.EqualTo("MyOrg"));
    }

    [TestCase("", "image reference is empty", null)]
    [TestCase("   ", "image reference is empty", null)]
    [TestCase("MyApp", "repository name must be lowercase: \"MyApp\"", "myapp")]
    [TestCase("docker.io/Acme/App:1.0", "repository name must be lowercase: \"Acme/App\"", "docker.io/acme/app:1.0")]
    [TestCase("nginx:1.0 ", "image reference has leading or trailing whitespace: \"nginx:1.0 \"", "nginx:1.0")]
    [TestCase("nginx:", "tag is empty: remove the trailing ':' or write a tag after it", "nginx")]
    [TestCase("nginx:1.0+build.5", "invalid tag \"1.0+build.5\": character \"+\" is not allowed (letters, digits, '_', '.', '-' only)", "nginx:1.0_build.5")]
    [TestCase("nginx:.hidden", "invalid tag \".hidden\": a tag must start with a letter, digit or '_'", null)]
    [TestCase("https://ghcr.io/org/app:1", "image reference must not include a URL scheme: \"https://\"", "ghcr.io/org/app:1")]
    [TestCase("org//app", "repository name \"org//app\" has an empty path component (a doubled or trailing '/')", "org/app")]
    [TestCase("org/app/", "repository name \"org/app/\" has an empty path component (a doubled or trailing '/')", "org/app")]
    [TestCase("org/-app", "repository path component \"-app\" must start and end with a letter or digit", null)]
    [TestCase("org/a..b", "invalid separator \"..\" in repository path component \"a..b\"", null)]
    [TestCase("org/a___b", "invalid separator \"___\" in repository path component \"a___b\"", null)]
    [TestCase("org/app$", "invalid character \"$\" in repository name \"org/app$\": only a-z, 0-9 and the separators . _ __ - are allowed", null)]
    [TestCase("registry.example.com:port/app", "invalid registry port \"port\" in \"registry.example.com:port\": a port is digits only", null)]
    [TestCase("reg_istry.example.com/app", "invalid registry host \"reg_istry.example.com\": each dot-separated part must be letters, digits and inner hyphens", null)]
    [TestCase("nginx@sha256:abc", "invalid digest \"sha256:abc\": a sha256 checksum has 64 hex digits, not 3", null)]
    [TestCase("nginx@md5:d41d8cd98f00b204e9800998ecf8427e", "unsupported digest algorithm \"md5\" (supported: sha256, sha384, sha512)", null)]
    [TestCase("nginx@latest", "invalid digest \"latest\": expected algorithm:hex, e.g. sha256:<64 hex digits>", null)]
    [TestCase("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "invalid repository name \"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\": a 64-character hexadecimal string is an image ID, not a reference", null)]
    public void Parse_InvalidReference_ExplainsAndSuggests(string input, string reason, string? suggestion)
    {
        var result = ImageReference.Parse(input);

        Assert.That(result.IsValid, Is.False);
        Assert.Multiple(() =>
        {
            Assert.That(result.Error!.Reason, Is.EqualTo(reason));
            Assert.That(result.Error.Suggestion, Is.EqualTo(suggestion));
        });
    }

    [Test]
    public void Parse_UppercaseDigestHex_SuggestsLowerCase()
    {
        var upper = "nginx@sha256:" + new string('A', 64);

        var result = ImageReference.Parse(upper);

        Assert.That(result.Error!.Suggestion, Is.EqualTo("nginx@sha256:" + new string('a', 64)));
    }

    [Test]
    public void Parse_NameLongerThan255_IsRejected()
    {
        var result = ImageReference.Parse("example.com/" + new string('a', 250));

        Assert.That(result.Error!.Reason, Does.StartWith("repository name must not be more than 255 characters"));
    }

    [Test]
    public void Parse_TagLongerThan128_IsRejected()
    {
        var result = ImageReference.Parse("nginx:" + new string('1', 129));

        Assert.That(result.Error!.Reason, Is.EqualTo("tag must not be more than 128 characters (it has 129)"));
    }

    [Test]
    public void Parse_Null_IsAnErrorNotAnException()
    {
        Assert.That(ImageReference.Parse(null).Error!.Reason, Is.EqualTo("image reference is empty"));
    }
}
