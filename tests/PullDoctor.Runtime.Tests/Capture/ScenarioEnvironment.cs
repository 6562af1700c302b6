using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using PullDoctor.RegistryFixtures;
using PullDoctor.Runtime.Tests.Containerd;
using PullDoctor.Runtime.Tests.Cri;

namespace PullDoctor.Runtime.Tests.Capture;

/// <summary>
/// Everything the scenarios pull from, started inside the private namespaces: registries (anonymous,
/// basic, token, TLS valid/mismatch/expired), nginx fronts for 429/500/503, a refused port, a silent and a
/// never-accepting listener, and containerd configured per registry host.
/// </summary>
internal sealed class ScenarioEnvironment : IAsyncDisposable
{
    private const string Repository = "team/app";
    private const string Tag = "1.0";
    private const string PlatformRepository = "multi/foreign";
    private readonly List<IAsyncDisposable> _owned = [];

    private TestRegistry _anonymous = null!;
    private TestRegistry _basic = null!;
    private TestRegistry _token = null!;
    private TestRegistry _tls = null!;
    private TestRegistry _mismatch = null!;
    private TestRegistry _expired = null!;
    private NginxFrontFixture _hubRateLimit = null!;
    private NginxFrontFixture _plainRateLimit = null!;
    private NginxFrontFixture _serverError = null!;
    private NginxFrontFixture _unavailable = null!;
    private SilentListener _silent = null!;
    private SilentListener _neverAccept = null!;
    private int _refusedPort;

    private ScenarioEnvironment()
    {
    }

    public ContainerdFixture Containerd { get; private set; } = null!;

    /// <summary>The CA every TLS fixture's certificate comes from.</summary>
    public static TestCertificateAuthority Authority => TestCertificateAuthority.Shared;

    public static readonly RegistryUser Alice = new("alice", "s3cret-basic");
    public static readonly RegistryUser Bob = new("bob", "s3cret-token");

    /// <summary>A platform that is not the machine's, for the platform-mismatch index.</summary>
    public static ImagePlatform ForeignPlatform =>
        RuntimeInformation.OSArchitecture == Architecture.Arm64 ? ImagePlatforms.LinuxS390x : ImagePlatforms.LinuxArm64;

    public static async Task<ScenarioEnvironment> StartAsync(string hostsDirectory, CancellationToken cancellationToken)
    {
        var environment = new ScenarioEnvironment();
        try
        {
            await environment.StartFixturesAsync(cancellationToken).ConfigureAwait(false);
            var hosts = environment.WriteRegistryHosts(hostsDirectory);
            environment.Containerd = await ContainerdFixture.StartAsync(hosts, cancellationToken).ConfigureAwait(false);
            environment._owned.Add(environment.Containerd);
            return environment;
        }
        catch
        {
            await environment.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task StartFixturesAsync(CancellationToken cancellationToken)
    {
        var anonymous = TestRegistry.StartAsync(RegistryOptions.Anonymous, cancellationToken);
        var basic = TestRegistry.StartAsync(RegistryOptions.BasicAuth(Alice.Name, Alice.Password), cancellationToken);
        var token = TestRegistry.StartAsync(RegistryOptions.TokenAuth(Bob), cancellationToken);
        var tls = TestRegistry.StartAsync(
            RegistryOptions.WithTls(ServerCertificateKind.Valid) with { TlsHostNames = [TestHostNames.Tls, TestHostNames.Untrusted, TestHostNames.HttpToTls] },
            cancellationToken);
        var mismatch = TestRegistry.StartAsync(RegistryOptions.WithTls(ServerCertificateKind.HostnameMismatch), cancellationToken);
        var expired = TestRegistry.StartAsync(
            RegistryOptions.WithTls(ServerCertificateKind.Expired) with { TlsHostNames = [TestHostNames.Expired] },
            cancellationToken);
        _anonymous = Own(await anonymous.ConfigureAwait(false));
        _basic = Own(await basic.ConfigureAwait(false));
        _token = Own(await token.ConfigureAwait(false));
        _tls = Own(await tls.ConfigureAwait(false));
        _mismatch = Own(await mismatch.ConfigureAwait(false));
        _expired = Own(await expired.ConfigureAwait(false));

        var fronts = new[] { NginxFailure.DockerHubRateLimit, NginxFailure.PlainRateLimit, NginxFailure.InternalServerError, NginxFailure.ServiceUnavailable }
            .Select(failure => NginxFrontFixture.StartAsync(
                // containers/image sleeps for Retry-After (up to 60 s) before each of its 5 attempts on a 429; a
                // short value keeps the suite fast and changes no wording (the body and rate-limit headers stay).
                new NginxFrontOptions { Upstream = _anonymous, Failure = failure, RetryAfterSeconds = 1 },
                cancellationToken))
            .ToList();
        var started = await Task.WhenAll(fronts).ConfigureAwait(false);
        (_hubRateLimit, _plainRateLimit, _serverError, _unavailable) = (Own(started[0]), Own(started[1]), Own(started[2]), Own(started[3]));

        _silent = Own(SilentListener.Start(SilentListenerMode.AcceptAndStaySilent));
        _neverAccept = Own(SilentListener.Start(SilentListenerMode.NeverAccept));
        _refusedPort = RefusedPort.Allocate();

        await Task.WhenAll(
            _anonymous.PushImageAsync(Repository, Tag, ImagePlatforms.LinuxAmd64, cancellationToken: cancellationToken),
            _anonymous.PushIndexAsync(PlatformRepository, Tag, [ForeignPlatform], cancellationToken: cancellationToken),
            _basic.PushImageAsync(Repository, Tag, ImagePlatforms.LinuxAmd64, cancellationToken: cancellationToken),
            _token.PushImageAsync(Repository, Tag, ImagePlatforms.LinuxAmd64, cancellationToken: cancellationToken),
            _tls.PushImageAsync(Repository, Tag, ImagePlatforms.LinuxAmd64, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    private T Own<T>(T disposable)
        where T : IAsyncDisposable
    {
        _owned.Add(disposable);
        return disposable;
    }

    /// <summary>What a node admin would put into /etc/containerd/certs.d for these registries.</summary>
    private RegistryHostsDirectory WriteRegistryHosts(string path)
    {
        var hosts = new RegistryHostsDirectory(path);
        hosts.AddPlainHttp(Host(TestHostNames.Anonymous, _anonymous.Port));
        hosts.AddPlainHttp(Host(TestHostNames.Basic, _basic.Port));
        hosts.AddPlainHttp(Host(TestHostNames.Token, _token.Port));
        hosts.AddTrustedCa(Host(TestHostNames.Tls, _tls.Port), Authority.CertificatePath);
        hosts.AddPlainHttp(Host(TestHostNames.HttpToTls, _tls.Port));
        hosts.AddTrustedCa(Host(TestHostNames.Mismatch, _mismatch.Port), Authority.CertificatePath);
        hosts.AddTrustedCa(Host(TestHostNames.Expired, _expired.Port), Authority.CertificatePath);
        hosts.AddPlainHttp(Host(TestHostNames.DockerHubRateLimit, _hubRateLimit.Port));
        hosts.AddPlainHttp(Host(TestHostNames.PlainRateLimit, _plainRateLimit.Port));
        hosts.AddPlainHttp(Host(TestHostNames.ServerError, _serverError.Port));
        hosts.AddPlainHttp(Host(TestHostNames.Unavailable, _unavailable.Port));
        hosts.AddPlainHttp(Host(TestHostNames.ResponseTimeout, _silent.Port));

        // No entry (HTTPS, system trust): plain.registry.test, untrusted.registry.test, refused,
        // connect-timeout, tls-timeout and the .invalid host.
        return hosts;
    }

    private static string Host(string name, int port) => string.Create(CultureInfo.InvariantCulture, $"{name}:{port}");

    private static string Image(string name, int port, string repository = Repository, string tag = Tag) =>
        string.Create(CultureInfo.InvariantCulture, $"{name}:{port}/{repository}:{tag}");

    /// <summary>Every scenario of <see cref="ScenarioCatalog"/>, staged against these fixtures.</summary>
    public IReadOnlyList<StagedPull> Stage()
    {
        var insecure = new SkopeoOptions(TlsVerify: false);
        var trusted = new SkopeoOptions(CertDirectory: Authority.CertificateDirectory);
        var missingDigest = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("pulldoctor: a digest no registry has")));
        var anonymousHost = Host(TestHostNames.Anonymous, _anonymous.Port);

        List<StagedPull> pulls =
        [
            new("control-anonymous", Image(TestHostNames.Anonymous, _anonymous.Port), null, null, insecure),
            new("control-tls", Image(TestHostNames.Tls, _tls.Port), null, null, trusted),
            new("control-basic-auth", Image(TestHostNames.Basic, _basic.Port), Credentials(Alice), null, insecure with { Credentials = Alice.ColonPair }),
            new("control-token-auth", Image(TestHostNames.Token, _token.Port), Credentials(Bob), null, insecure with { Credentials = Bob.ColonPair }),

            new("tag-missing", Image(TestHostNames.Anonymous, _anonymous.Port, tag: "9.9.9-missing"), null, null, insecure),
            new("digest-missing", $"{anonymousHost}/{Repository}@{missingDigest}", null, null, insecure),
            new("repository-missing", Image(TestHostNames.Anonymous, _anonymous.Port, repository: "team/no-such-app"), null, null, insecure),
            new("basic-auth-no-credentials", Image(TestHostNames.Basic, _basic.Port), null, null, insecure),
            new("basic-auth-wrong-credentials", Image(TestHostNames.Basic, _basic.Port), Credentials(Alice with { Password = "wrong" }), null, insecure with { Credentials = Alice.Name + ":wrong" }),
            new("token-auth-no-credentials", Image(TestHostNames.Token, _token.Port), null, null, insecure),
            new("token-auth-wrong-credentials", Image(TestHostNames.Token, _token.Port), Credentials(Bob with { Password = "wrong" }), null, insecure with { Credentials = Bob.Name + ":wrong" }),
            new("token-auth-repository-missing", Image(TestHostNames.Token, _token.Port, repository: "team/no-such-app"), Credentials(Bob), null, insecure with { Credentials = Bob.ColonPair }),
            new("dns-failure", $"{TestHostNames.Unresolvable}/{Repository}:{Tag}", null, null, new SkopeoOptions()),
            new("connection-refused", Image(TestHostNames.Refused, _refusedPort), null, null, new SkopeoOptions()),
            new("connect-timeout", Image(TestHostNames.ConnectTimeout, _neverAccept.Port), null, null, new SkopeoOptions()),
            new("tls-handshake-timeout", Image(TestHostNames.TlsTimeout, _silent.Port), null, null, new SkopeoOptions()),
            new("response-timeout", Image(TestHostNames.ResponseTimeout, _silent.Port), null, ResponseDeadline, insecure with { CommandTimeout = ResponseDeadline }),
            new("tls-untrusted", Image(TestHostNames.Untrusted, _tls.Port), null, null, new SkopeoOptions()),
            new("tls-hostname-mismatch", Image(TestHostNames.Mismatch, _mismatch.Port), null, null, trusted),
            new("tls-expired", Image(TestHostNames.Expired, _expired.Port), null, null, trusted),
            new("https-to-plain-http-registry", Image(TestHostNames.PlainOverHttps, _anonymous.Port), null, null, new SkopeoOptions()),
            new("http-to-https-registry", Image(TestHostNames.HttpToTls, _tls.Port), null, null, insecure),
            new("rate-limited-docker-hub", Image(TestHostNames.DockerHubRateLimit, _hubRateLimit.Port), null, null, insecure),
            new("rate-limited-plain", Image(TestHostNames.PlainRateLimit, _plainRateLimit.Port), null, null, insecure),
            new("server-error-500", Image(TestHostNames.ServerError, _serverError.Port), null, null, insecure),
            new("server-error-503", Image(TestHostNames.Unavailable, _unavailable.Port), null, null, insecure),
            new("platform-mismatch", Image(TestHostNames.Anonymous, _anonymous.Port, repository: PlatformRepository), null, null, insecure),
            new("invalid-reference-uppercase", $"{anonymousHost}/Team/App:{Tag}", null, null, insecure),
            new("invalid-reference-empty-tag", $"{anonymousHost}/{Repository}:", null, null, insecure),
            new("invalid-reference-bad-character", $"{anonymousHost}/{Repository}:1.0+build", null, null, insecure),
        ];

        var missing = ScenarioCatalog.All.Select(s => s.Id).Except(pulls.Select(p => p.Scenario)).ToList();
        return missing.Count == 0 ? pulls : throw new InvalidOperationException("Scenarios without staging: " + string.Join(", ", missing));
    }

    /// <summary>How long the response-timeout pull may wait for an answer that never comes.</summary>
    public static readonly TimeSpan ResponseDeadline = TimeSpan.FromSeconds(3);

    private static CriCredentials Credentials(RegistryUser user) => new(user.Name, user.Password);

    public async ValueTask DisposeAsync()
    {
        // Reverse order: containerd first, then what it talked to.
        for (var i = _owned.Count - 1; i >= 0; i--)
        {
            await _owned[i].DisposeAsync().ConfigureAwait(false);
        }

        _owned.Clear();
    }
}
