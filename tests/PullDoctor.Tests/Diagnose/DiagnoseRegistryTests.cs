using PullDoctor.RegistryFixtures;

namespace PullDoctor.Tests.Diagnose;

/// <summary><c>pulldoctor diagnose IMAGE</c> as a real process against a real anonymous registry.</summary>
public sealed class DiagnoseRegistryTests
{
    private TestRegistry _registry = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _registry = await TestRegistry.StartAsync();
        await _registry.PushImageAsync("team/app", "1.0", ImagePlatforms.LinuxAmd64);
        await _registry.PushIndexAsync("multi/arm", "1.0", [ImagePlatforms.LinuxArm64]);
        await _registry.PushTagsAsync("library/nginx", ["1.24.0", "1.25.0", "1.25.3"]);
        await _registry.PushHelmChartArtifactAsync("charts/web", "0.1.0");
        var broken = await _registry.PushImageAsync("team/broken", "1.0", ImagePlatforms.LinuxS390x);
        _registry.DeleteBlobData(broken.BlobDigests.First(d => d != broken.Digest && !broken.ManifestDigests.Contains(d)));
    }

    [OneTimeTearDown]
    public async Task Stop() => await _registry.DisposeAsync();

    [Test]
    public async Task PullableImage_ExitsZero_AndShowsEvidence()
    {
        var run = await DiagnoseProcess.RunAsync(_registry.ImageReference("team/app", "1.0"));

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
            Assert.That(run.Stdout, Does.StartWith($"{_registry.Host}/team/app:1.0: pullable"));
            Assert.That(run.Stdout, Does.Contain($"GET http://{_registry.Host}/v2/ (anonymous) → 200 OK"));
            Assert.That(run.Stderr, Is.Empty);
        });
    }

    [Test]
    public async Task MissingTag_ExitsThree_WithSuggestionAndFix()
    {
        var run = await DiagnoseProcess.RunAsync(_registry.ImageReference("library/nginx", "1.25.x"));

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(3), run.ToString());
            Assert.That(run.Stdout, Does.Contain(": TagNotFound"));
            Assert.That(run.Stdout, Does.Contain("Existing tags nearby: 1.25.3, 1.25.0"));
            Assert.That(run.Stdout, Does.Contain("Fix:"));
            Assert.That(run.Stdout, Does.Contain("MANIFEST_UNKNOWN"));
        });
    }

    [Test]
    public async Task MissingTag_Json_CarriesCauseEvidenceAndRemediation()
    {
        var run = await DiagnoseProcess.RunAsync(_registry.ImageReference("library/nginx", "1.25.x"), "-o", "json");

        var json = run.Json;
        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(3), run.ToString());
            Assert.That(json.GetProperty("cause").GetString(), Is.EqualTo("TagNotFound"));
            Assert.That(json.GetProperty("confidence").GetString(), Is.EqualTo("Confirmed"));
            Assert.That(json.GetProperty("suggestions")[0].GetString(), Is.EqualTo("1.25.3"));
            Assert.That(json.GetProperty("remediation").GetArrayLength(), Is.GreaterThan(0));
            var probe = json.GetProperty("evidence").GetProperty("probe");
            Assert.That(probe.GetProperty("httpStatus").GetInt32(), Is.EqualTo(404));
            Assert.That(probe.GetProperty("registryHost").GetString(), Is.EqualTo(_registry.Host));
            Assert.That(probe.GetProperty("checkedAt").GetDateTimeOffset(), Is.EqualTo(DateTimeOffset.UtcNow).Within(TimeSpan.FromMinutes(1)));
            Assert.That(probe.GetProperty("steps").GetArrayLength(), Is.GreaterThanOrEqualTo(4));
        });
    }

    [TestCase("no/such-repo", "1.0", null, "RepositoryNotFound")]
    [TestCase("multi/arm", "1.0", "linux/amd64", "PlatformMismatch")]
    [TestCase("charts/web", "0.1.0", null, "UnsupportedImageFormat")]
    [TestCase("team/broken", "1.0", null, "LayerPullFailed")]
    public async Task Problems_ExitThree_WithTheirCause(string repository, string tag, string? platform, string cause)
    {
        string[] arguments = platform is null
            ? [_registry.ImageReference(repository, tag), "-o", "json"]
            : [_registry.ImageReference(repository, tag), "--platform", platform, "-o", "json"];

        var run = await DiagnoseProcess.RunAsync(arguments);

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(3), run.ToString());
            Assert.That(run.Json.GetProperty("cause").GetString(), Is.EqualTo(cause), run.ToString());
        });
    }

    [Test]
    public async Task PlatformMismatch_ListsThePlatformsThatExist()
    {
        var run = await DiagnoseProcess.RunAsync(_registry.ImageReference("multi/arm", "1.0"), "--platform", "linux/amd64");

        Assert.That(run.Stdout, Does.Contain("Platforms: linux/arm64"), run.ToString());
    }

    [Test]
    public async Task PlainHttpRegistry_WithoutFallback_IsHttpProtocolMismatch()
    {
        var run = await DiagnoseProcess.RunAsync(_registry.ImageReference("team/app", "1.0"), "--no-http-fallback", "-o", "json");

        Assert.That(run.Json.GetProperty("cause").GetString(), Is.EqualTo("HttpProtocolMismatch"), run.ToString());
    }

    [Test]
    public async Task InvalidReference_ExitsThree_WithTheCorrectedForm()
    {
        var run = await DiagnoseProcess.RunAsync("MyApp:1.0");

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(3), run.ToString());
            Assert.That(run.Stdout, Does.Contain("InvalidImageReference").And.Contain("myapp:1.0"));
        });
    }

    [TestCase("--platform", "linux")]
    [TestCase("--allow-network", "not-a-cidr")]
    [TestCase("--ca-file", "/nonexistent/ca.pem")]
    [TestCase("--pull-secret", "/nonexistent/secret.json")]
    [TestCase("-o", "yaml")]
    public async Task UsageErrors_ExitTwo_WithOneLineOnStderr(string option, string value)
    {
        var run = await DiagnoseProcess.RunAsync("nginx:1.25", option, value);

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
            Assert.That(run.Stderr.TrimEnd().Split('\n'), Has.Length.EqualTo(1));
            Assert.That(run.Stderr, Does.StartWith("pulldoctor: ").And.Not.Contain("   at "));
            Assert.That(run.Stdout, Is.Empty);
        });
    }

    [Test]
    public async Task NoImage_IsAUsageError()
    {
        var run = await DiagnoseProcess.RunAsync();

        Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
    }
}
