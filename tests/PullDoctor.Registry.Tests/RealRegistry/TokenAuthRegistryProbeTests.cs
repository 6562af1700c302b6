using PullDoctor.Core.Causes;
using PullDoctor.Registry.Probe;
using PullDoctor.RegistryFixtures;

namespace PullDoctor.Registry.Tests.RealRegistry;

/// <summary>The probe against a real registry with token auth (distribution's JWT verification, our test issuer).</summary>
public sealed class TokenAuthRegistryProbeTests
{
    private static readonly RegistryUser Bob = new("bob", "bob-token-pw-4711");
    private static readonly RegistryUser Carol = new("carol", "carol-token-pw-1234");
    private TestRegistry _registry = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _registry = await TestRegistry.StartAsync(new RegistryOptions
        {
            Auth = RegistryAuthMode.Token,
            Users = [Bob, Carol],
            Grants =
            [
                new TokenGrant("bob", "*", "pull"),
                new TokenGrant("carol", "team/*", "pull"),
                new TokenGrant(TokenGrant.Anonymous, "public/*", "pull"),
            ],
        });
        await _registry.PushImageAsync("private/app", "1.0", ImagePlatforms.LinuxAmd64);
        await _registry.PushImageAsync("public/app", "1.0", ImagePlatforms.LinuxAmd64);
        await _registry.PushImageAsync("team/app", "1.0", ImagePlatforms.LinuxAmd64);
    }

    [OneTimeTearDown]
    public async Task Stop() => await _registry.DisposeAsync();

    [Test]
    public async Task Anonymous_PrivateRepository_IsRepositoryNotFoundOrPrivate()
    {
        var result = await Probes.ProbeAsync(_registry.ImageReference("private/app", "1.0"));

        Assert.Multiple(() =>
        {
            Assert.That(result.Cause, Is.EqualTo(CauseCode.RepositoryNotFoundOrPrivate), Probes.Explain(result));
            Assert.That(result.HttpStatus, Is.EqualTo(401));
            Assert.That(result.CredentialsSent, Is.False);
        });
    }

    [Test]
    public async Task Anonymous_MissingRepository_IsAlsoRepositoryNotFoundOrPrivate()
    {
        var result = await Probes.ProbeAsync(_registry.ImageReference("private/nothing-here", "1.0"));

        Assert.That(result.Cause, Is.EqualTo(CauseCode.RepositoryNotFoundOrPrivate), Probes.Explain(result));
    }

    [Test]
    public async Task Anonymous_PublicRepository_IsPullable()
    {
        var result = await Probes.ProbeAsync(_registry.ImageReference("public/app", "1.0"));

        Assert.That(result.Verdict, Is.EqualTo(ProbeVerdict.Pullable), Probes.Explain(result));
    }

    [Test]
    public async Task RightCredentials_IsPullable_AndTheIssuerSawThem()
    {
        var result = await Probes.ProbeAsync(_registry.ImageReference("private/app", "1.0"), Bob);

        Assert.Multiple(() =>
        {
            Assert.That(result.Verdict, Is.EqualTo(ProbeVerdict.Pullable), Probes.Explain(result));
            Assert.That(result.CredentialsSent, Is.True);
            Assert.That(_registry.TokenIssuer!.Requests, Has.Some.Matches<TokenRequestRecord>(r => r.User == "bob" && r.Authenticated && r.Scopes.Contains("repository:private/app:pull")));
        });
    }

    [Test]
    public async Task WrongPassword_IsAuthenticationFailed()
    {
        var result = await Probes.ProbeAsync(_registry.ImageReference("private/app", "1.0"), new RegistryUser("bob", "not-bobs-password"));

        Assert.Multiple(() =>
        {
            Assert.That(result.Cause, Is.EqualTo(CauseCode.AuthenticationFailed), Probes.Explain(result));
            Assert.That(result.RegistryMessage, Is.EqualTo("incorrect username or password"));
        });
    }

    [Test]
    public async Task ValidUserWithoutPullPermission_IsAccessDenied()
    {
        var result = await Probes.ProbeAsync(_registry.ImageReference("private/app", "1.0"), Carol);

        Assert.Multiple(() =>
        {
            Assert.That(result.Cause, Is.EqualTo(CauseCode.AccessDenied), Probes.Explain(result));
            Assert.That(result.CredentialsSent, Is.True);
        });
    }

    [Test]
    public async Task RightCredentials_MissingRepository_IsRepositoryNotFound()
    {
        var result = await Probes.ProbeAsync(_registry.ImageReference("private/nothing-here", "1.0"), Bob);

        Assert.That(result.Cause, Is.EqualTo(CauseCode.RepositoryNotFound), Probes.Explain(result));
    }

    [Test]
    public async Task RightCredentials_MissingTag_IsTagNotFound()
    {
        var result = await Probes.ProbeAsync(_registry.ImageReference("private/app", "1.1"), Bob);

        Assert.Multiple(() =>
        {
            Assert.That(result.Cause, Is.EqualTo(CauseCode.TagNotFound), Probes.Explain(result));
            Assert.That(result.SuggestedTags, Is.EqualTo(new[] { "1.0" }));
        });
    }
}
