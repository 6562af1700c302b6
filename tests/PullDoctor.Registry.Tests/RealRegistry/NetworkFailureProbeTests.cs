using PullDoctor.Core.Causes;
using PullDoctor.Registry.Probe;
using PullDoctor.RegistryFixtures;

namespace PullDoctor.Registry.Tests.RealRegistry;

/// <summary>DNS failure, refused port, silent listeners and metadata addresses, each told apart.</summary>
public sealed class NetworkFailureProbeTests
{
    [Test]
    public async Task UnresolvableName_IsDnsResolutionFailed()
    {
        var host = UnresolvableHost.Unique();

        var result = await Probes.ProbeAsync($"{host}/team/app:1.0");

        Assert.Multiple(() =>
        {
            Assert.That(result.Cause, Is.EqualTo(CauseCode.DnsResolutionFailed), Probes.Explain(result));
            Assert.That(result.DnsName, Is.EqualTo(host));
            Assert.That(result.Detail, Does.Contain("no such host"));
        });
    }

    [Test]
    public async Task RefusedPort_IsConnectionRefused()
    {
        var result = await Probes.ProbeAsync($"{RefusedPort.AllocateHost()}/team/app:1.0");

        Assert.Multiple(() =>
        {
            Assert.That(result.Cause, Is.EqualTo(CauseCode.ConnectionRefused), Probes.Explain(result));
            Assert.That(result.Detail, Does.Contain("refused"));
        });
    }

    [Test]
    public async Task SilentListenerOverHttps_IsNetworkTimeout_InTheTlsHandshake()
    {
        await using var silent = SilentListener.Start(SilentListenerMode.AcceptAndStaySilent);

        var result = await Probes.ProbeAsync($"{silent.Host}/team/app:1.0");

        Assert.Multiple(() =>
        {
            Assert.That(result.Cause, Is.EqualTo(CauseCode.NetworkTimeout), Probes.Explain(result));
            Assert.That(result.Detail, Does.Contain("TLS handshake").And.Contain("timed out"));
        });
    }

    [Test]
    public async Task SilentListenerOverHttp_IsNetworkTimeout_WaitingForTheResponse()
    {
        await using var silent = SilentListener.Start(SilentListenerMode.AcceptAndStaySilent);
        var options = Probes.Options();
        options.PlainHttpRegistries.Add(silent.Host);

        var result = await Probes.ProbeAsync($"{silent.Host}/team/app:1.0", options: options);

        Assert.Multiple(() =>
        {
            Assert.That(result.Cause, Is.EqualTo(CauseCode.NetworkTimeout), Probes.Explain(result));
            Assert.That(result.Detail, Does.Contain("never answered"));
        });
    }

    [Test]
    public async Task TlsThenSilent_IsNetworkTimeout_ForTheResponse()
    {
        await using var silent = SilentListener.Start(SilentListenerMode.TlsHandshakeThenSilent);
        var options = Probes.Options(o => o.ExtraTrustedCertificates.Add(TestCertificateAuthority.Shared.Certificate));

        var result = await Probes.ProbeAsync($"{silent.Host}/team/app:1.0", options: options);

        Assert.Multiple(() =>
        {
            Assert.That(result.Cause, Is.EqualTo(CauseCode.NetworkTimeout), Probes.Explain(result));
            Assert.That(result.Detail, Does.StartWith("response from"));
        });
    }

    [Test]
    public async Task NeverAccepting_IsNetworkTimeout_Connecting()
    {
        await using var dead = SilentListener.Start(SilentListenerMode.NeverAccept);

        var result = await Probes.ProbeAsync($"{dead.Host}/team/app:1.0");

        Assert.Multiple(() =>
        {
            Assert.That(result.Cause, Is.EqualTo(CauseCode.NetworkTimeout), Probes.Explain(result));
            Assert.That(result.Detail, Does.StartWith("connecting to"));
        });
    }

    [Test]
    public async Task HostResolvingToAMetadataAddress_IsRefusedBeforeConnecting()
    {
        var resolver = new MapResolver(("registry.evil.test", "169.254.169.254"));

        var result = await Probes.ProbeAsync("registry.evil.test/team/app:1.0", new RegistryUser("u", "p-metadata-1"), resolver: resolver);

        Assert.Multiple(() =>
        {
            Assert.That(result.Verdict, Is.EqualTo(ProbeVerdict.Inconclusive), Probes.Explain(result));
            Assert.That(result.Detail, Does.Contain("registry.evil.test resolves to 169.254.169.254"));
            Assert.That(result.CredentialsSent, Is.False);
        });
    }

    [Test]
    public async Task MetadataHostName_IsRefusedWithoutEvenResolving()
    {
        var resolver = new MapResolver();

        var result = await Probes.ProbeAsync("metadata.google.internal/computemetadata/v1:latest", resolver: resolver);

        Assert.Multiple(() =>
        {
            Assert.That(result.Verdict, Is.EqualTo(ProbeVerdict.Inconclusive), Probes.Explain(result));
            Assert.That(resolver.Asked, Is.Empty);
        });
    }
}
