using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using PullDoctor.RegistryFixtures;

namespace PullDoctor.Registry.Tests.Fixtures;

[TestFixture]
[Parallelizable(ParallelScope.Self)]
public sealed class AnonymousRegistryFixtureTests
{
    private TestRegistry _registry = null!;
    private HttpClient _client = null!;

    [OneTimeSetUp]
    public async Task StartRegistry()
    {
        _registry = await TestRegistry.StartAsync(RegistryOptions.Anonymous);
        _client = _registry.CreateHttpClient();
        TestContext.Progress.WriteLine($"anonymous registry started in {_registry.StartupTime.TotalMilliseconds:0} ms");
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
    public async Task Ping_AnonymousRegistry_Answers200WithDistributionApiVersion()
    {
        using var response = await _client.GetAsync("v2/");

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(response.Headers.GetValues("Docker-Distribution-API-Version"), Does.Contain("registry/2.0"));
            Assert.That(_registry.Host, Does.StartWith("127.0.0.1:"));
        });
    }

    [Test]
    public void Ping_HttpsClientToPlainHttpRegistry_FailsTheHandshake()
    {
        using var client = TestHttpClients.Create(TestCertificateAuthority.Shared.Certificate);

        var error = Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync(new Uri($"https://{_registry.Host}/v2/")));

        TestContext.Out.WriteLine($"{error!.Message} / {error.InnerException?.GetType().Name}: {error.InnerException?.Message}");
    }

    [Test]
    public async Task PushImageAsync_SinglePlatform_RegistryServesManifestWithPushedDigest()
    {
        var image = await _registry.PushImageAsync("team/app", "1.25.3", ImagePlatforms.LinuxAmd64);

        using var request = new HttpRequestMessage(HttpMethod.Head, "v2/team/app/manifests/1.25.3");
        request.Headers.Accept.ParseAdd(MediaTypes.AnyManifest);
        using var response = await _client.SendAsync(request);

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(response.Headers.GetValues("Docker-Content-Digest").Single(), Is.EqualTo(image.Digest));
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo(MediaTypes.OciManifest));
            Assert.That(image.Reference, Is.EqualTo($"{_registry.Host}/team/app:1.25.3"));
        });
    }

    [Test]
    public async Task PushIndexAsync_OnlyArm64_IndexListsOnlyLinuxArm64()
    {
        var index = await _registry.PushIndexAsync("multi/arm", "1.0", [ImagePlatforms.LinuxArm64]);

        using var document = await GetManifestAsync("multi/arm", "1.0");
        var platforms = document.RootElement.GetProperty("manifests").EnumerateArray()
            .Select(m => $"{m.GetProperty("platform").GetProperty("os").GetString()}/{m.GetProperty("platform").GetProperty("architecture").GetString()}")
            .ToList();

        Assert.Multiple(() =>
        {
            Assert.That(document.RootElement.GetProperty("mediaType").GetString(), Is.EqualTo(MediaTypes.OciIndex));
            Assert.That(platforms, Is.EqualTo(new[] { "linux/arm64" }));
            Assert.That(index.Platforms, Is.EqualTo(new[] { ImagePlatforms.LinuxArm64 }));
        });

        // The child manifest must be pullable too, or a runtime fails on the layer instead of the platform.
        // Distribution 2.8 answers 404 for an OCI manifest unless Accept names the OCI type.
        using var childRequest = new HttpRequestMessage(HttpMethod.Get, $"v2/multi/arm/manifests/{index.ManifestDigests[0]}");
        childRequest.Headers.Accept.ParseAdd(MediaTypes.OciManifest);
        using var child = await _client.SendAsync(childRequest);
        Assert.That(child.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task PushIndexAsync_MultiArchOci_IndexListsBothPlatformsWithPushedDigest()
    {
        var index = await _registry.PushIndexAsync("multi/oci", "3.0", ImagePlatforms.MultiArch);

        using var document = await GetManifestAsync("multi/oci", "3.0");
        var digests = document.RootElement.GetProperty("manifests").EnumerateArray().Select(m => m.GetProperty("digest").GetString()).ToList();
        using var request = new HttpRequestMessage(HttpMethod.Head, "v2/multi/oci/manifests/3.0");
        request.Headers.Accept.ParseAdd(MediaTypes.AnyManifest);
        using var head = await _client.SendAsync(request);

        Assert.Multiple(() =>
        {
            Assert.That(digests, Is.EqualTo(index.ManifestDigests));
            Assert.That(head.Headers.GetValues("Docker-Content-Digest").Single(), Is.EqualTo(index.Digest));
        });
    }

    [Test]
    public async Task PushIndexAsync_MultiArchDockerFormat_ServesManifestList()
    {
        var index = await _registry.PushIndexAsync("multi/both", "2.0", ImagePlatforms.MultiArch, ManifestFormat.Docker);

        using var document = await GetManifestAsync("multi/both", "2.0");

        Assert.Multiple(() =>
        {
            Assert.That(document.RootElement.GetProperty("mediaType").GetString(), Is.EqualTo(MediaTypes.DockerManifestList));
            Assert.That(document.RootElement.GetProperty("manifests").GetArrayLength(), Is.EqualTo(2));
            Assert.That(index.MediaType, Is.EqualTo(MediaTypes.DockerManifestList));
        });
    }

    [Test]
    public async Task PushTagsAsync_ManyTags_TagListContainsEveryTag()
    {
        var tags = Enumerable.Range(0, 40).Select(i => $"1.{i}.0").ToList();

        await _registry.PushTagsAsync("team/tags", tags);

        using var response = await _client.GetAsync("v2/team/tags/tags/list");
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var listed = document.RootElement.GetProperty("tags").EnumerateArray().Select(t => t.GetString()).ToList();
        Assert.That(listed, Is.EquivalentTo(tags));
    }

    [Test]
    public async Task PushHelmChartArtifactAsync_Artifact_ServedWithHelmConfigMediaType()
    {
        var artifact = await _registry.PushHelmChartArtifactAsync("charts/app", "0.1.0");

        using var manifest = await GetManifestAsync("charts/app", "0.1.0");

        Assert.Multiple(() =>
        {
            Assert.That(manifest.RootElement.GetProperty("config").GetProperty("mediaType").GetString(), Is.EqualTo(MediaTypes.HelmChartConfig));
            Assert.That(artifact.Platforms, Is.Empty);
        });
    }

    [Test]
    public async Task DeleteBlobData_LayerOfPushedImage_ManifestResolvesButBlobIsGone()
    {
        // s390x: no other test pushes it, so no other test shares the layer that is deleted here.
        var image = await _registry.PushImageAsync("broken/layer", "1.0", ImagePlatforms.LinuxS390x);
        var layer = image.BlobDigests[^1];

        _registry.DeleteBlobData(layer);

        using var manifest = await GetManifestAsync("broken/layer", "1.0");
        using var blob = await _client.GetAsync($"v2/broken/layer/blobs/{layer}");
        Assert.That(blob.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), await blob.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task CorruptBlobData_LayerOfPushedImage_ServedWithWrongDigest()
    {
        var image = await _registry.PushImageAsync("broken/digest", "1.0", ImagePlatforms.LinuxArmV7);
        var layer = image.BlobDigests[^1];

        _registry.CorruptBlobData(layer);

        using var blob = await _client.GetAsync($"v2/broken/digest/blobs/{layer}");
        var content = await blob.Content.ReadAsByteArrayAsync();
        Assert.Multiple(() =>
        {
            Assert.That(blob.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That("sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content)), Is.Not.EqualTo(layer));
        });
    }

    private async Task<JsonDocument> GetManifestAsync(string repository, string reference)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"v2/{repository}/manifests/{reference}");
        request.Headers.Accept.ParseAdd(MediaTypes.AnyManifest);
        using var response = await _client.SendAsync(request);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync());
    }
}
