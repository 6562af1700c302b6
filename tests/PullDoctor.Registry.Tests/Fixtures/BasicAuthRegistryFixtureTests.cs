using System.Net;
using System.Net.Http.Headers;
using PullDoctor.RegistryFixtures;

namespace PullDoctor.Registry.Tests.Fixtures;

[TestFixture]
[Parallelizable(ParallelScope.Self)]
public sealed class BasicAuthRegistryFixtureTests
{
    private TestRegistry _registry = null!;
    private HttpClient _client = null!;

    [OneTimeSetUp]
    public async Task StartRegistry()
    {
        _registry = await TestRegistry.StartAsync(RegistryOptions.BasicAuth("alice", "correct-horse"));
        _client = _registry.CreateHttpClient();
        TestContext.Progress.WriteLine($"basic-auth registry started in {_registry.StartupTime.TotalMilliseconds:0} ms");
    }

    [OneTimeTearDown]
    public async Task StopRegistry()
    {
        _client?.Dispose();
        if (_registry is not null)
        {
            await _registry.DisposeAsync();
        }
    }

    [Test]
    public async Task Ping_WithoutCredentials_Answers401WithBasicChallenge()
    {
        using var response = await _client.GetAsync("v2/");

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(response.Headers.WwwAuthenticate.Single().Scheme, Is.EqualTo("Basic"));
            Assert.That(response.Headers.WwwAuthenticate.Single().Parameter, Does.Contain("realm="));
        });
    }

    [Test]
    public async Task Manifest_WithConfiguredUser_Answers200()
    {
        await _registry.PushImageAsync("private/app", "1.0", ImagePlatforms.LinuxAmd64);

        using var request = new HttpRequestMessage(HttpMethod.Head, "v2/private/app/manifests/1.0");
        request.Headers.Accept.ParseAdd(MediaTypes.AnyManifest);
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", _registry.User!.BasicAuthValue);
        using var response = await _client.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Ping_WithWrongPassword_Answers401()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "v2/");
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", new RegistryUser("alice", "wrong").BasicAuthValue);
        using var response = await _client.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }
}
