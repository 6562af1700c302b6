using System.Net;
using PullDoctor.RegistryFixtures;

namespace PullDoctor.Registry.Tests.Fixtures;

[TestFixture]
[Parallelizable(ParallelScope.Self)]
public sealed class NginxFrontFixtureTests
{
    private TestRegistry _registry = null!;
    private NginxFrontFixture _proxy = null!;
    private NginxFrontFixture _dockerHub = null!;
    private NginxFrontFixture _switchable = null!;
    private NginxFrontFixture _tls = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _registry = await TestRegistry.StartAsync();
        await _registry.PushImageAsync("library/nginx", "1.25.3", ImagePlatforms.LinuxAmd64);
        var fronts = await Task.WhenAll(
            NginxFrontFixture.StartAsync(new NginxFrontOptions { Upstream = _registry }),
            NginxFrontFixture.StartAsync(new NginxFrontOptions { Upstream = _registry, Failure = NginxFailure.DockerHubRateLimit, RetryAfterSeconds = 3600 }),
            NginxFrontFixture.StartAsync(new NginxFrontOptions { Upstream = _registry }),
            NginxFrontFixture.StartAsync(new NginxFrontOptions { Upstream = _registry, Tls = ServerCertificateKind.Valid }));
        (_proxy, _dockerHub, _switchable, _tls) = (fronts[0], fronts[1], fronts[2], fronts[3]);
        TestContext.Progress.WriteLine($"registry {_registry.StartupTime.TotalMilliseconds:0} ms; nginx fronts {string.Join(", ", fronts.Select(f => $"{f.StartupTime.TotalMilliseconds:0} ms"))}");
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        foreach (var front in new[] { _proxy, _dockerHub, _switchable, _tls }.Where(f => f is not null))
        {
            await front.DisposeAsync();
        }

        if (_registry is not null)
        {
            await _registry.DisposeAsync();
        }
    }

    [Test]
    public async Task Proxy_ManifestThroughNginx_AccessLogCountsEachRequest()
    {
        using var client = _proxy.CreateHttpClient();
        await _proxy.AccessLog.ClearAsync();

        for (var i = 0; i < 3; i++)
        {
            using var response = await client.SendAsync(ManifestHead("library/nginx", "1.25.3"));
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        using (await client.GetAsync("v2/"))
        {
        }

        var entries = await _proxy.AccessLog.ReadAsync();
        Assert.Multiple(() =>
        {
            Assert.That(entries.Count(e => e.IsManifest), Is.EqualTo(3));
            Assert.That(entries.Where(e => e.IsManifest).Select(e => (e.Method, e.Path, e.Status)).Distinct(),
                Is.EqualTo(new[] { ("HEAD", "/v2/library/nginx/manifests/1.25.3", 200) }));
            Assert.That(entries.Count(e => e.IsPing), Is.EqualTo(1));
            Assert.That(entries, Has.Count.EqualTo(4));
        });
    }

    [Test]
    public async Task Proxy_ManyConcurrentRequests_AccessLogCountsEveryOne()
    {
        using var client = _proxy.CreateHttpClient();
        await _proxy.AccessLog.ClearAsync();

        var statuses = await Task.WhenAll(Enumerable.Range(0, 200).Select(async _ =>
        {
            using var response = await client.SendAsync(ManifestHead("library/nginx", "1.25.3"));
            return response.StatusCode;
        }));

        var logged = await _proxy.AccessLog.CountAsync(e => e.IsManifest);
        Assert.Multiple(() =>
        {
            Assert.That(statuses, Is.All.EqualTo(HttpStatusCode.OK));
            Assert.That(logged, Is.EqualTo(200));
        });
    }

    [Test]
    public async Task DockerHubRateLimit_ManifestRequest_Answers429WithDockerHubBodyAndHeaders()
    {
        using var client = _dockerHub.CreateHttpClient();

        using var response = await client.GetAsync("v2/library/nginx/manifests/1.25.3");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
            Assert.That(body, Is.EqualTo(NginxFrontFixture.DockerHubRateLimitBody));
            Assert.That(body, Does.Contain("TOOMANYREQUESTS"));
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/json"));
            Assert.That(response.Headers.GetValues("ratelimit-limit").Single(), Is.EqualTo("100;w=21600"));
            Assert.That(response.Headers.GetValues("ratelimit-remaining").Single(), Is.EqualTo("0;w=21600"));
            Assert.That(response.Headers.GetValues("docker-ratelimit-source").Single(), Is.EqualTo("127.0.0.1"));
            Assert.That(response.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromHours(1)));
        });
    }

    [Test]
    public async Task DockerHubRateLimit_Ping_StillPassesThrough()
    {
        using var client = _dockerHub.CreateHttpClient();

        using var response = await client.GetAsync("v2/");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [TestCase(NginxFailure.PlainRateLimit, HttpStatusCode.TooManyRequests, false)]
    [TestCase(NginxFailure.InternalServerError, HttpStatusCode.InternalServerError, false)]
    [TestCase(NginxFailure.ServiceUnavailable, HttpStatusCode.ServiceUnavailable, true)]
    public async Task SetFailureAsync_Failure_ManifestAnswersStatusAndLogIsCounted(NginxFailure failure, HttpStatusCode expected, bool hasRetryAfter)
    {
        using var client = _switchable.CreateHttpClient();
        await _switchable.SetFailureAsync(failure);
        await _switchable.AccessLog.ClearAsync();
        try
        {
            using var response = await client.SendAsync(ManifestHead("library/nginx", "1.25.3"));

            Assert.Multiple(() =>
            {
                Assert.That(response.StatusCode, Is.EqualTo(expected));
                Assert.That(response.Headers.Contains("ratelimit-limit"), Is.False);
                Assert.That(response.Headers.RetryAfter is not null, Is.EqualTo(hasRetryAfter));
            });
            Assert.That(await _switchable.AccessLog.CountAsync(e => e.IsManifest && e.Status == (int)expected), Is.EqualTo(1));
        }
        finally
        {
            await _switchable.SetFailureAsync(NginxFailure.None);
        }

        using var recovered = await client.SendAsync(ManifestHead("library/nginx", "1.25.3"));
        Assert.That(recovered.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Redirect_BlobRequest_Answers307ToConfiguredLocation()
    {
        await using var front = await NginxFrontFixture.StartAsync(new NginxFrontOptions
        {
            Upstream = _registry,
            Failure = NginxFailure.Redirect,
            FailureScope = NginxFailureScope.BlobRequests,
            RedirectLocation = new Uri("http://169.254.169.254/latest/meta-data/iam/"),
        });
        using var client = front.CreateHttpClient();

        using var blob = await client.GetAsync("v2/library/nginx/blobs/sha256:" + new string('0', 64));
        using var manifest = await client.SendAsync(ManifestHead("library/nginx", "1.25.3"));

        Assert.Multiple(() =>
        {
            Assert.That(blob.StatusCode, Is.EqualTo(HttpStatusCode.TemporaryRedirect));
            Assert.That(blob.Headers.Location, Is.EqualTo(new Uri("http://169.254.169.254/latest/meta-data/iam/")));
            Assert.That(manifest.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        });
    }

    [Test]
    public async Task Tls_ClientTrustingCa_ProxiesToPlainRegistry()
    {
        using var client = _tls.CreateHttpClient();

        using var response = await client.SendAsync(ManifestHead("library/nginx", "1.25.3"));

        Assert.Multiple(() =>
        {
            Assert.That(_tls.BaseUri.Scheme, Is.EqualTo("https"));
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        });
    }

    [Test]
    public async Task Tls_PlainHttpClient_Gets400FromHttpsPort()
    {
        using var client = TestHttpClients.Create();

        using var response = await client.GetAsync(new Uri($"http://{_tls.Host}/v2/"));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(body, Does.Contain("The plain HTTP request was sent to HTTPS port"));
        });
    }

    private static HttpRequestMessage ManifestHead(string repository, string tag)
    {
        var request = new HttpRequestMessage(HttpMethod.Head, $"v2/{repository}/manifests/{tag}");
        request.Headers.Accept.ParseAdd(MediaTypes.AnyManifest);
        return request;
    }
}
