using PullDoctor.Registry.Http;

namespace PullDoctor.Registry.Tests.Http;

public sealed class WwwAuthenticateParserTests
{
    [Test]
    public void Parse_DockerHubBearer_ReadsRealmServiceScope()
    {
        var challenge = WwwAuthenticateParser.Parse("Bearer realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\",scope=\"repository:library/nginx:pull\"").Single();

        Assert.Multiple(() =>
        {
            Assert.That(challenge.IsBearer, Is.True);
            Assert.That(challenge["realm"], Is.EqualTo("https://auth.docker.io/token"));
            Assert.That(challenge["service"], Is.EqualTo("registry.docker.io"));
            Assert.That(challenge["scope"], Is.EqualTo("repository:library/nginx:pull"));
        });
    }

    [Test]
    public void Parse_InsufficientScope_KeepsTheError()
    {
        var challenge = WwwAuthenticateParser.Parse("Bearer realm=\"https://r/token\",service=\"s\",scope=\"repository:x:pull\",error=\"insufficient_scope\"").Single();

        Assert.That(challenge["error"], Is.EqualTo("insufficient_scope"));
    }

    [Test]
    public void Parse_SeveralChallengesInOneValueAndAcrossValues()
    {
        var challenges = WwwAuthenticateParser.Parse(["Bearer realm=\"https://a/token\", service=\"s\", Basic realm=\"b\"", "Negotiate abc=="]);

        Assert.That(challenges.Select(c => c.Scheme), Is.EqualTo(new[] { "Bearer", "Basic", "Negotiate" }));
        Assert.That(challenges[1]["realm"], Is.EqualTo("b"));
    }

    [Test]
    public void Parse_QuotedStringEscapesAndCaseInsensitiveNames()
    {
        var challenge = WwwAuthenticateParser.Parse("basic REALM=\"say \\\"hi\\\", please\"").Single();

        Assert.Multiple(() =>
        {
            Assert.That(challenge.IsBasic, Is.True);
            Assert.That(challenge["realm"], Is.EqualTo("say \"hi\", please"));
        });
    }

    [Test]
    public void Parse_UnquotedValuesAndSloppySpacing()
    {
        var challenge = WwwAuthenticateParser.Parse("Bearer   realm = https://r.example/token ,service=registry").Single();

        Assert.Multiple(() =>
        {
            Assert.That(challenge["realm"], Is.EqualTo("https://r.example/token"));
            Assert.That(challenge["service"], Is.EqualTo("registry"));
        });
    }

    [TestCase("")]
    [TestCase(",,,")]
    [TestCase("\"unterminated")]
    [TestCase("=====")]
    [TestCase("Bearer realm=\"x")]
    public void Parse_Garbage_NeverThrows(string value) =>
        Assert.That(() => WwwAuthenticateParser.Parse(value), Throws.Nothing);
}
