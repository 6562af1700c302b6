using System.Net;
using System.Security.Authentication;
using PullDoctor.RegistryFixtures;

namespace PullDoctor.Registry.Tests.Fixtures;

[TestFixture]
[Parallelizable(ParallelScope.Self)]
public sealed class TlsRegistryFixtureTests
{
    private TestRegistry _valid = null!;
    private TestRegistry _expired = null!;
    private TestRegistry _mismatch = null!;

    [OneTimeSetUp]
    public async Task StartRegistries()
    {
        var started = await Task.WhenAll(
            TestRegistry.StartAsync(RegistryOptions.WithTls(ServerCertificateKind.Valid)),
            TestRegistry.StartAsync(RegistryOptions.WithTls(ServerCertificateKind.Expired)),
            TestRegistry.StartAsync(RegistryOptions.WithTls(ServerCertificateKind.HostnameMismatch)));
        (_valid, _expired, _mismatch) = (started[0], started[1], started[2]);
        TestContext.Progress.WriteLine($"TLS registries started in {string.Join(", ", started.Select(r => $"{r.StartupTime.TotalMilliseconds:0} ms"))}");
    }

    [OneTimeTearDown]
    public async Task StopRegistries()
    {
        foreach (var registry in new[] { _valid, _expired, _mismatch }.Where(r => r is not null))
        {
            await registry.DisposeAsync();
        }
    }

    [Test]
    public async Task Ping_ClientTrustsTestCa_Answers200OverHttps()
    {
        using var client = _valid.CreateHttpClient();

        using var response = await client.GetAsync("v2/");

        Assert.Multiple(() =>
        {
            Assert.That(_valid.BaseUri.Scheme, Is.EqualTo("https"));
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(File.ReadAllText(_valid.CaCertificatePath!), Does.StartWith("-----BEGIN CERTIFICATE-----"));
        });
    }

    [Test]
    public async Task Ping_PlainHttpClientToTlsRegistry_Answers400FromGo()
    {
        using var client = TestHttpClients.Create();

        using var response = await client.GetAsync(new Uri($"http://{_valid.Host}/v2/"));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(body, Does.Contain("Client sent an HTTP request to an HTTPS server."));
        });
    }

    [Test]
    public async Task PushImageAsync_TlsRegistry_Succeeds()
    {
        var image = await _valid.PushImageAsync("secure/app", "1.0", ImagePlatforms.LinuxAmd64);

        Assert.That(image.Reference, Does.StartWith(_valid.Host));
    }

    [Test]
    public async Task PushImageAsync_ExpiredCertificateRegistry_StillSucceedsForTheFixture()
    {
        var image = await _expired.PushImageAsync("secure/app", "1.0", ImagePlatforms.LinuxAmd64);

        Assert.That(image.Reference, Does.StartWith(_expired.Host));
    }

    [Test]
    public void Ping_ClientWithoutTestCa_FailsCertificateValidation()
    {
        using var client = TestHttpClients.Create();

        var error = Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync(new Uri(_valid.BaseUri, "v2/")));

        Assert.That(error!.InnerException, Is.InstanceOf<AuthenticationException>());
    }

    [TestCase(ServerCertificateKind.Expired)]
    [TestCase(ServerCertificateKind.HostnameMismatch)]
    public void Ping_BadCertificateEvenWithTrustedCa_FailsCertificateValidation(ServerCertificateKind kind)
    {
        var registry = kind == ServerCertificateKind.Expired ? _expired : _mismatch;
        using var client = registry.CreateHttpClient();

        var error = Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync("v2/"));

        Assert.Multiple(() =>
        {
            Assert.That(error!.InnerException, Is.InstanceOf<AuthenticationException>());
            Assert.That(registry.ServerCertificate!.Kind, Is.EqualTo(kind));
        });
    }
}
