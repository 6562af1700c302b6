using PullDoctor.Core.Causes;
using PullDoctor.Registry.Probe;
using PullDoctor.RegistryFixtures;

namespace PullDoctor.Registry.Tests.RealRegistry;

/// <summary>The probe against a real registry behind htpasswd basic auth (plain HTTP on loopback).</summary>
public sealed class BasicAuthRegistryProbeTests
{
    private static readonly RegistryUser Alice = new("alice", "alice-basic-pw-0815");
    private TestRegistry _registry = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _registry = await TestRegistry.StartAsync(RegistryOptions.BasicAuth(Alice.Name, Alice.Password));
        await _registry.PushImageAsync("team/app", "1.0", ImagePlatforms.LinuxAmd64);
    }

    [OneTimeTearDown]
    public async Task Stop() => await _registry.DisposeAsync();

    [Test]
    public async Task NoCredentials_IsAuthenticationRequired()
    {
        var result = await Probes.ProbeAsync(_registry.ImageReference("team/app", "1.0"));

        Assert.Multiple(() =>
        {
            Assert.That(result.Cause, Is.EqualTo(CauseCode.AuthenticationRequired), Probes.Explain(result));
            Assert.That(result.HttpStatus, Is.EqualTo(401));
            Assert.That(result.CredentialsSent, Is.False);
        });
    }

    [Test]
    public async Task WrongPassword_IsAuthenticationFailed()
    {
        var result = await Probes.ProbeAsync(_registry.ImageReference("team/app", "1.0"), new RegistryUser("alice", "wrong-password"));

        Assert.Multiple(() =>
        {
            Assert.That(result.Cause, Is.EqualTo(CauseCode.AuthenticationFailed), Probes.Explain(result));
            Assert.That(result.CredentialsSent, Is.True);
        });
    }

    [Test]
    public async Task RightPassword_IsPullable()
    {
        var result = await Probes.ProbeAsync(_registry.ImageReference("team/app", "1.0"), Alice);

        Assert.Multiple(() =>
        {
            Assert.That(result.Verdict, Is.EqualTo(ProbeVerdict.Pullable), Probes.Explain(result));
            Assert.That(result.CredentialsSent, Is.True);
        });
    }

    [Test]
    public async Task RightPassword_MissingTag_IsTagNotFound()
    {
        var result = await Probes.ProbeAsync(_registry.ImageReference("team/app", "2.0"), Alice);

        Assert.Multiple(() =>
        {
            Assert.That(result.Cause, Is.EqualTo(CauseCode.TagNotFound), Probes.Explain(result));
            Assert.That(result.SuggestedTags, Is.EqualTo(new[] { "1.0" }));
        });
    }

    [Test]
    public async Task PlainHttpToANonLoopbackName_CredentialsAreNeverSent()
    {
        var resolver = new MapResolver(("registry.test", "127.0.0.1"));
        var options = Probes.Options();
        options.PlainHttpRegistries.Add($"registry.test:{_registry.Port}");

        var result = await Probes.ProbeAsync(_registry.ImageReference("team/app", "1.0", "registry.test"), Alice, options: options, resolver: resolver);

        Assert.Multiple(() =>
        {
            Assert.That(result.Cause, Is.EqualTo(CauseCode.AuthenticationRequired), Probes.Explain(result));
            Assert.That(result.CredentialsSent, Is.False);
            Assert.That(result.Detail, Does.Contain("not sent"));
            Assert.That(result.Steps.Select(s => s.Request), Has.Some.Contains("authorization withheld"));
        });
    }
}
