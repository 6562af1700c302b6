using System.Security.Cryptography.X509Certificates;
using PullDoctor.Core.Causes;
using PullDoctor.Registry.Network;
using PullDoctor.Registry.Probe;
using PullDoctor.RegistryFixtures;

namespace PullDoctor.Registry.Tests.RealRegistry;

/// <summary>The probe against real TLS registries: trusted, untrusted, expired, wrong name; and HTTP to HTTPS.</summary>
public sealed class TlsRegistryProbeTests
{
    private TestRegistry _valid = null!;
    private TestRegistry _expired = null!;
    private TestRegistry _mismatch = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _valid = await TestRegistry.StartAsync(RegistryOptions.WithTls() with { TlsHostNames = ["registry.test"] });
        _expired = await TestRegistry.StartAsync(RegistryOptions.WithTls(ServerCertificateKind.Expired));
        _mismatch = await TestRegistry.StartAsync(RegistryOptions.WithTls(ServerCertificateKind.HostnameMismatch));
        await _valid.PushImageAsync("team/app", "1.0", ImagePlatforms.LinuxAmd64);
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        await _valid.DisposeAsync();
        await _expired.DisposeAsync();
        await _mismatch.DisposeAsync();
    }

    private static RegistryProbeOptions Trusting(TestRegistry registry) => Probes.Options(o => o.ExtraTrustedCertificates.Add(X509CertificateLoader.LoadCertificateFromFile(registry.CaCertificatePath!)));

    [Test]
    public async Task TrustedCa_IsPullable()
    {
        var result = await Probes.ProbeAsync(_valid.ImageReference("team/app", "1.0"), options: Trusting(_valid));

        Assert.Multiple(() =>
        {
            Assert.That(result.Verdict, Is.EqualTo(ProbeVerdict.Pullable), Probes.Explain(result));
            Assert.That(result.Steps[0].Request, Does.StartWith("GET https://"));
        });
    }

    [Test]
    public async Task UntrustedCa_IsTlsCertificateError_UnknownAuthority()
    {
        var result = await Probes.ProbeAsync(_valid.ImageReference("team/app", "1.0"));

        Assert.Multiple(() =>
        {
            Assert.That(result.Cause, Is.EqualTo(CauseCode.TlsCertificateError), Probes.Explain(result));
            Assert.That(result.TlsProblem, Is.EqualTo(TlsProblemKind.UnknownAuthority));
            Assert.That(result.Detail, Does.Contain("signed by unknown authority"));
        });
    }

    [Test]
    public async Task ExpiredCertificate_IsTlsCertificateError_Expired()
    {
        var result = await Probes.ProbeAsync(_expired.ImageReference("team/app", "1.0"), options: Trusting(_expired));

        Assert.Multiple(() =>
        {
            Assert.That(result.Cause, Is.EqualTo(CauseCode.TlsCertificateError), Probes.Explain(result));
            Assert.That(result.TlsProblem, Is.EqualTo(TlsProblemKind.Expired));
            Assert.That(result.Detail, Does.Contain("expired"));
        });
    }

    [Test]
    public async Task ExpiredAndUntrusted_ReportsExpiredFirstLikeGo()
    {
        var result = await Probes.ProbeAsync(_expired.ImageReference("team/app", "1.0"));

        Assert.Multiple(() =>
        {
            Assert.That(result.TlsProblem, Is.EqualTo(TlsProblemKind.Expired), Probes.Explain(result));
            Assert.That(result.Detail, Does.Contain("unknown authority"));
        });
    }

    [Test]
    public async Task WrongName_IsTlsCertificateError_NameMismatch()
    {
        var result = await Probes.ProbeAsync(_mismatch.ImageReference("team/app", "1.0"), options: Trusting(_mismatch));

        Assert.Multiple(() =>
        {
            Assert.That(result.Cause, Is.EqualTo(CauseCode.TlsCertificateError), Probes.Explain(result));
            Assert.That(result.TlsProblem, Is.EqualTo(TlsProblemKind.NameMismatch));
            Assert.That(result.Detail, Does.Contain("not-this-registry.pulldoctor.invalid, not 127.0.0.1"));
        });
    }

    [Test]
    public async Task HostNameInCertificate_ThroughResolver_IsPullable()
    {
        var resolver = new MapResolver(("registry.test", "127.0.0.1"));

        var result = await Probes.ProbeAsync(_valid.ImageReference("team/app", "1.0", "registry.test"), options: Trusting(_valid), resolver: resolver);

        Assert.That(result.Verdict, Is.EqualTo(ProbeVerdict.Pullable), Probes.Explain(result));
    }

    [Test]
    public async Task PlainHttpToATlsRegistry_IsHttpProtocolMismatch()
    {
        var options = Trusting(_valid);
        options.PlainHttpRegistries.Add(_valid.Host);

        var result = await Probes.ProbeAsync(_valid.ImageReference("team/app", "1.0"), options: options);

        Assert.Multiple(() =>
        {
            Assert.That(result.Cause, Is.EqualTo(CauseCode.HttpProtocolMismatch), Probes.Explain(result));
            Assert.That(result.HttpStatus, Is.EqualTo(400));
        });
    }
}
