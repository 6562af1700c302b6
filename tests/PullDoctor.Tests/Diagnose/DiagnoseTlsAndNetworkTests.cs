using PullDoctor.RegistryFixtures;

namespace PullDoctor.Tests.Diagnose;

/// <summary><c>diagnose</c> against TLS registries, nginx failures and network oddities, as a real process.</summary>
public sealed class DiagnoseTlsAndNetworkTests
{
    private TestRegistry _tls = null!;
    private TestRegistry _expired = null!;
    private TestRegistry _mismatch = null!;
    private TestRegistry _plain = null!;
    private NginxFrontFixture _front = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _tls = await TestRegistry.StartAsync(RegistryOptions.WithTls());
        await _tls.PushImageAsync("team/app", "1.0", ImagePlatforms.LinuxAmd64);
        _expired = await TestRegistry.StartAsync(RegistryOptions.WithTls(ServerCertificateKind.Expired));
        _mismatch = await TestRegistry.StartAsync(RegistryOptions.WithTls(ServerCertificateKind.HostnameMismatch));
        _plain = await TestRegistry.StartAsync();
        await _plain.PushImageAsync("library/nginx", "1.25.3", ImagePlatforms.LinuxAmd64);
        _front = await NginxFrontFixture.StartAsync(new NginxFrontOptions { Upstream = _plain });
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        await _front.DisposeAsync();
        await _tls.DisposeAsync();
        await _expired.DisposeAsync();
        await _mismatch.DisposeAsync();
        await _plain.DisposeAsync();
    }

    [Test]
    public async Task UntrustedCa_IsTlsCertificateError()
    {
        var run = await DiagnoseProcess.RunAsync(_tls.ImageReference("team/app", "1.0"), "-o", "json");

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(3), run.ToString());
            Assert.That(run.Json.GetProperty("cause").GetString(), Is.EqualTo("TlsCertificateError"));
            Assert.That(run.Json.GetProperty("evidence").GetProperty("probe").GetProperty("tlsProblem").GetString(), Is.EqualTo("UnknownAuthority"));
        });
    }

    [Test]
    public async Task CaFile_MakesItPullable()
    {
        var run = await DiagnoseProcess.RunAsync(_tls.ImageReference("team/app", "1.0"), "--ca-file", _tls.CaCertificatePath!);

        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
    }

    [Test]
    public async Task SslCertFile_IsHonouredLikeTheSystemStore()
    {
        var run = await DiagnoseProcess.RunAsync([_tls.ImageReference("team/app", "1.0")], new Dictionary<string, string> { ["SSL_CERT_FILE"] = _tls.CaCertificatePath! });

        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
    }

    [TestCase(ServerCertificateKind.Expired, "Expired")]
    [TestCase(ServerCertificateKind.HostnameMismatch, "NameMismatch")]
    public async Task BadCertificates_SayWhichProblem(ServerCertificateKind kind, string problem)
    {
        var registry = kind == ServerCertificateKind.Expired ? _expired : _mismatch;

        var run = await DiagnoseProcess.RunAsync(registry.ImageReference("team/app", "1.0"), "--ca-file", registry.CaCertificatePath!, "-o", "json");

        Assert.Multiple(() =>
        {
            Assert.That(run.Json.GetProperty("cause").GetString(), Is.EqualTo("TlsCertificateError"), run.ToString());
            Assert.That(run.Json.GetProperty("evidence").GetProperty("probe").GetProperty("tlsProblem").GetString(), Is.EqualTo(problem));
        });
    }

    [Test]
    public async Task PlainHttpAgainstTls_IsHttpProtocolMismatch()
    {
        var run = await DiagnoseProcess.RunAsync(_tls.ImageReference("team/app", "1.0"), "--plain-http", "-o", "json");

        Assert.That(run.Json.GetProperty("cause").GetString(), Is.EqualTo("HttpProtocolMismatch"), run.ToString());
    }

    [TestCase(NginxFailure.DockerHubRateLimit, "RateLimited")]
    [TestCase(NginxFailure.InternalServerError, "RegistryServerError")]
    [TestCase(NginxFailure.ServiceUnavailable, "RegistryServerError")]
    [NonParallelizable]
    public async Task NginxFailures_AreDiagnosed(NginxFailure failure, string cause)
    {
        await _front.SetFailureAsync(failure);

        var run = await DiagnoseProcess.RunAsync(_front.ImageReference("library/nginx", "1.25.3"), "--plain-http", "-o", "json");

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(3), run.ToString());
            Assert.That(run.Json.GetProperty("cause").GetString(), Is.EqualTo(cause));
        });
        if (failure == NginxFailure.DockerHubRateLimit)
        {
            Assert.That(run.Json.GetProperty("evidence").GetProperty("probe").GetProperty("rateLimitReset").GetString(), Is.EqualTo("resets in 1m"));
        }
    }

    [Test]
    [NonParallelizable]
    public async Task RedirectToMetadata_IsRefused_UsageErrorExitTwo_OneLineOnStderr()
    {
        await _front.SetFailureAsync(NginxFailure.Redirect);

        var run = await DiagnoseProcess.RunAsync(_front.ImageReference("library/nginx", "1.25.3"), "--plain-http");

        Assert.Multiple(() =>
        {
            // A policy refusal is the person's call (--allow-network), not an internal error (issue 17).
            Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
            Assert.That(run.Stderr.TrimEnd().Split('\n'), Has.Length.EqualTo(1));
            Assert.That(run.Stderr, Does.Contain("169.254.169.254").And.Contain("--allow-network"));
        });
    }

    [Test]
    public async Task UnresolvableHost_IsDnsResolutionFailed()
    {
        var run = await DiagnoseProcess.RunAsync($"{UnresolvableHost.Unique()}/team/app:1.0", "-o", "json");

        Assert.That(run.Json.GetProperty("cause").GetString(), Is.EqualTo("DnsResolutionFailed"), run.ToString());
    }

    [Test]
    public async Task RefusedPort_IsConnectionRefused()
    {
        var run = await DiagnoseProcess.RunAsync($"{RefusedPort.AllocateHost()}/team/app:1.0", "-o", "json");

        Assert.That(run.Json.GetProperty("cause").GetString(), Is.EqualTo("ConnectionRefused"), run.ToString());
    }

    [Test]
    public async Task SilentListener_IsNetworkTimeout()
    {
        await using var silent = SilentListener.Start(SilentListenerMode.AcceptAndStaySilent);

        var run = await DiagnoseProcess.RunAsync($"{silent.Host}/team/app:1.0", "--timeout", "2", "-o", "json");

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(3), run.ToString());
            Assert.That(run.Json.GetProperty("cause").GetString(), Is.EqualTo("NetworkTimeout"));
        });
    }

    [Test]
    public async Task DeniedAddressLiteral_IsRefused_UnlessAllowed()
    {
        // 0.0.0.0 is denied by default (it reaches the local host) and, unlike a metadata address, stays on this machine.
        var image = $"0.0.0.0:{RefusedPort.Allocate()}/team/app:1.0";

        var refused = await DiagnoseProcess.RunAsync(image, "--timeout", "2");
        var allowed = await DiagnoseProcess.RunAsync(image, "--timeout", "2", "--allow-network", "0.0.0.0/32", "-o", "json");

        Assert.Multiple(() =>
        {
            Assert.That(refused.ExitCode, Is.EqualTo(2), refused.ToString());
            Assert.That(refused.Stderr, Does.Contain("refused to connect to 0.0.0.0").And.Contain("--allow-network"));
            Assert.That(allowed.Json.GetProperty("cause").GetString(), Is.EqualTo("ConnectionRefused"), allowed.ToString());
        });
    }
}
