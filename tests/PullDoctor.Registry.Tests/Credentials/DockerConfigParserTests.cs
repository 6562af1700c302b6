using System.Text;
using PullDoctor.Registry.Credentials;

namespace PullDoctor.Registry.Tests.Credentials;

public sealed class DockerConfigParserTests
{
    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private static string B64(string text) => Convert.ToBase64String(Utf8(text));

    [Test]
    public void ParseDockerConfigJson_AuthField_DecodesUserAndPassword()
    {
        var result = DockerConfigParser.ParseDockerConfigJson(Utf8("""{"auths":{"ghcr.io":{"auth":"VALUE"}}}""".Replace("VALUE", B64("alice:pa:ss"), StringComparison.Ordinal)));

        Assert.That(result.IsValid, Is.True, result.Error);
        var entry = result.Config!.Entries.Single();
        Assert.Multiple(() =>
        {
            Assert.That(entry.Key, Is.EqualTo("ghcr.io"));
            Assert.That(entry.Credential!.Username, Is.EqualTo("alice"));
            Assert.That(entry.Credential.Password, Is.EqualTo("pa:ss"), "split at the first colon only");
        });
    }

    [Test]
    public void ParseDockerConfigJson_UnpaddedAuth_IsAcceptedLikeTheKubelet()
    {
        var unpadded = B64("bob:pw").TrimEnd('=');
        var result = DockerConfigParser.ParseDockerConfigJson(Utf8("""{"auths":{"r.example.com":{"auth":"VALUE"}}}""".Replace("VALUE", unpadded, StringComparison.Ordinal)));

        Assert.That(result.Config!.Entries.Single().Credential!.Password, Is.EqualTo("pw"));
    }

    [Test]
    public void ParseDockerConfigJson_FieldNamesAreCaseInsensitiveLikeGo()
    {
        var result = DockerConfigParser.ParseDockerConfigJson(Utf8("""{"Auths":{"r.example.com":{"Username":"u","PASSWORD":"p"}}}"""));

        Assert.That(result.Config!.Entries.Single().Credential!.Username, Is.EqualTo("u"));
    }

    [Test]
    public void ParseDockerConfigJson_AuthWinsOverUsernameAndPassword()
    {
        var result = DockerConfigParser.ParseDockerConfigJson(Utf8("""{"auths":{"r.example.com":{"username":"x","password":"y","auth":"VALUE"}}}""".Replace("VALUE", B64("u:p"), StringComparison.Ordinal)));

        Assert.That(result.Config!.Entries.Single().Credential!.Username, Is.EqualTo("u"));
    }

    [TestCase("!!!not-base64!!!", "is not valid base64")]
    [TestCase("bm9jb2xvbg==", "without ':'")]
    public void ParseDockerConfigJson_BadAuth_InvalidatesTheWholeSecretNamingTheKey(string auth, string problem)
    {
        var result = DockerConfigParser.ParseDockerConfigJson(Utf8("""{"auths":{"good.example.com":{"username":"u","password":"p"},"bad.example.com":{"auth":"VALUE"}}}""".Replace("VALUE", auth, StringComparison.Ordinal)));

        Assert.Multiple(() =>
        {
            Assert.That(result.IsValid, Is.False);
            Assert.That(result.Error, Does.Contain("bad.example.com").And.Contain(problem));
        });
    }

    [Test]
    public void ParseDockerConfigJson_LegacyMapInside_SaysItIsTheDockercfgFormat()
    {
        var result = DockerConfigParser.ParseDockerConfigJson(Utf8("""{"https://index.docker.io/v1/":{"auth":"VALUE"}}""".Replace("VALUE", B64("u:p"), StringComparison.Ordinal)));

        Assert.That(result.Error, Does.Contain("legacy .dockercfg format"));
    }

    [Test]
    public void ParseDockercfg_ConfigJsonInside_SaysWhichTypeToUse()
    {
        var result = DockerConfigParser.ParseDockercfg(Utf8("""{"auths":{"r.example.com":{"username":"u","password":"p"}}}"""));

        Assert.That(result.Error, Does.Contain("kubernetes.io/dockerconfigjson"));
    }

    [Test]
    public void ParseDockercfg_BareMap_ReadsEntries()
    {
        var result = DockerConfigParser.ParseDockercfg(Utf8("""{"quay.io":{"username":"u","password":"p","email":"e@x"}}"""));

        Assert.That(result.Config!.Entries.Single().Key, Is.EqualTo("quay.io"));
    }

    [Test]
    public void ParseDockerConfigJson_NotJson_NamesLine()
    {
        var result = DockerConfigParser.ParseDockerConfigJson(Utf8("{\n\"auths\": {,}"));

        Assert.That(result.Error, Does.StartWith("the .dockerconfigjson content is not valid JSON (line 2"));
    }

    [Test]
    public void ParseDockerConfigJson_IdentityTokenOnly_EntryIsUnusableWithReason()
    {
        var result = DockerConfigParser.ParseDockerConfigJson(Utf8("""{"auths":{"r.example.com":{"identitytoken":"abc"}}}"""));

        var entry = result.Config!.Entries.Single();
        Assert.Multiple(() =>
        {
            Assert.That(entry.IsUsable, Is.False);
            Assert.That(entry.Problem, Does.Contain("identitytoken"));
        });
    }

    [Test]
    public void ParseSecret_OpaqueType_IsInvalidAndSaysWhichTypesCount()
    {
        var data = new Dictionary<string, byte[]> { [".dockerconfigjson"] = Utf8("""{"auths":{}}""") };

        var result = DockerConfigParser.ParseSecret("Opaque", data);

        Assert.That(result.Error, Does.Contain("type Opaque").And.Contain("ignored unless the type is kubernetes.io/dockerconfigjson"));
    }

    [Test]
    public void ParseSecret_RightTypeWrongKey_SaysWhichKeyIsThere()
    {
        var data = new Dictionary<string, byte[]> { [".dockercfg"] = Utf8("{}") };

        var result = DockerConfigParser.ParseSecret(DockerConfigParser.DockerConfigJsonType, data);

        Assert.That(result.Error, Does.Contain("no non-empty .dockerconfigjson key").And.Contain("it has .dockercfg"));
    }

    [Test]
    public void ParseAny_SecretObjectAsJson_DecodesDataAndUsesType()
    {
        var config = B64("""{"auths":{"ghcr.io":{"auth":"VALUE"}}}""".Replace("VALUE", B64("u:p"), StringComparison.Ordinal));
        var secret = """{"apiVersion":"v1","kind":"Secret","type":"kubernetes.io/dockerconfigjson","data":{".dockerconfigjson":"VALUE"}}""".Replace("VALUE", config, StringComparison.Ordinal);

        var result = DockerConfigParser.ParseAny(Utf8(secret));

        Assert.That(result.Config!.Entries.Single().Key, Is.EqualTo("ghcr.io"));
    }

    [Test]
    public void ParseAny_BareConfigJsonAndLegacyMap_AreBothRecognised()
    {
        Assert.Multiple(() =>
        {
            Assert.That(DockerConfigParser.ParseAny(Utf8("""{"auths":{"a.io":{"username":"u","password":"p"}}}""")).Config!.Entries, Has.Count.EqualTo(1));
            Assert.That(DockerConfigParser.ParseAny(Utf8("""{"a.io":{"username":"u","password":"p"}}""")).Config!.Entries, Has.Count.EqualTo(1));
        });
    }

    [Test]
    public void RegistryCredential_ToString_NeverShowsThePassword()
    {
        var credential = RegistryCredential.FromUsernamePassword("alice", "hunter2-secret");

        Assert.That(credential.ToString(), Does.Not.Contain("hunter2").And.Contain("alice"));
        Assert.That(new DockerConfigEntry("k", credential).ToString(), Does.Not.Contain("hunter2"));
    }
}
