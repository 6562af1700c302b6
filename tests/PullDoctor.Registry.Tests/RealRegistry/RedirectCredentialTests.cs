using PullDoctor.Registry.Probe;
using PullDoctor.RegistryFixtures;
using PullDoctor.RegistryFixtures.Hostile;

namespace PullDoctor.Registry.Tests.RealRegistry;

/// <summary>Authorization never follows a redirect to another host, even an allowed one.</summary>
public sealed class RedirectCredentialTests
{
    [Test]
    public async Task RedirectToAnotherHost_DropsAuthorization()
    {
        await using var storage = HostileRegistry.Start();
        await using var registry = await TestRegistry.StartAsync(RegistryOptions.BasicAuth("alice", "redirect-pw-31337"));
        await registry.PushImageAsync("team/app", "1.0", ImagePlatforms.LinuxAmd64);
        await using var front = await NginxFrontFixture.StartAsync(new NginxFrontOptions
        {
            Upstream = registry,
            Failure = NginxFailure.Redirect,
            RedirectLocation = new Uri($"http://storage.test:{storage.Port}/signed/manifest"),
        });
        var options = Probes.Options();
        options.PlainHttpRegistries.Add(front.Host);
        var resolver = new MapResolver(("storage.test", "127.0.0.1"));

        var result = await Probes.ProbeAsync(front.ImageReference("team/app", "1.0"), new RegistryUser("alice", "redirect-pw-31337"), options: options, resolver: resolver);

        Assert.Multiple(() =>
        {
            Assert.That(storage.Requests, Is.Not.Empty, Probes.Explain(result));
            Assert.That(storage.Requests, Has.All.Matches<RecordedRequest>(r => r.Authorization is null));
            Assert.That(result.CredentialsSent, Is.True, "the registry itself got the credentials");
            Assert.That(result.Steps.Select(s => s.Request), Has.Some.Contains("storage.test").And.Contains("authorization withheld"));
        });
    }
}
