using System.Diagnostics;
using System.Net.Http.Headers;
using System.Security.Cryptography;

namespace PullDoctor.RegistryFixtures;

/// <summary>
/// A real CNCF distribution registry (<c>/usr/bin/docker-registry</c>) on 127.0.0.1 with a random port, its
/// own storage and config, optionally behind htpasswd basic auth or token auth and TLS. Start it in
/// [OneTimeSetUp], dispose it in [OneTimeTearDown]; anything left over is killed when the test host exits.
/// </summary>
public sealed class TestRegistry : IAsyncDisposable
{
    private const int MaxStartAttempts = 3;
    private readonly TempDirectory _directory;
    private readonly ManagedProcess _process;
    private readonly ServerCertificate? _certificate;
    private readonly ServerCertificate? _issuerCertificate;
    private readonly HttpClient _pushClient;
    private readonly HttpPusher _httpPusher;

    private TestRegistry(
        RegistryOptions options,
        TempDirectory directory,
        ManagedProcess process,
        int port,
        ServerCertificate? certificate,
        ServerCertificate? issuerCertificate,
        TokenIssuer? tokenIssuer,
        RegistryUser? pushUser,
        TimeSpan startupTime)
    {
        Options = options;
        _directory = directory;
        _process = process;
        Port = port;
        _certificate = certificate;
        _issuerCertificate = issuerCertificate;
        TokenIssuer = tokenIssuer;
        PushUser = pushUser;
        StartupTime = startupTime;
        BaseUri = new Uri($"{(certificate is null ? "http" : "https")}://127.0.0.1:{port}/");
        _pushClient = new HttpClient(TestHttpClients.CreateInsecureHandler(), disposeHandler: true)
        {
            BaseAddress = BaseUri,
            Timeout = TimeSpan.FromSeconds(30),
        };
        _httpPusher = new HttpPusher(_pushClient, PushAuthorization);
    }

    public RegistryOptions Options { get; }

    public int Port { get; }

    /// <summary><c>127.0.0.1:PORT</c>, the registry host as written in image references.</summary>
    public string Host => $"127.0.0.1:{Port}";

    /// <summary><c>http://127.0.0.1:PORT/</c> or <c>https://...</c> with TLS.</summary>
    public Uri BaseUri { get; }

    public bool UsesTls => _certificate is not null;

    /// <summary>The CA that signed the TLS certificate (null without TLS). Trust it to make TLS succeed.</summary>
    public TestCertificateAuthority? CertificateAuthority => UsesTls ? Options.CertificateAuthority ?? TestCertificateAuthority.Shared : null;

    /// <summary>PEM file of that CA (null without TLS), e.g. for <c>pulldoctor diagnose --ca-file</c>.</summary>
    public string? CaCertificatePath => CertificateAuthority?.CertificatePath;

    /// <summary>The registry's TLS server certificate and its PEM files (null without TLS).</summary>
    public ServerCertificate? ServerCertificate => _certificate;

    /// <summary>The in-process token issuer (token auth only).</summary>
    public TokenIssuer? TokenIssuer { get; }

    /// <summary>
    /// The fixture's own user with full access (basic and token auth), used for pushes. Not one of
    /// <see cref="RegistryOptions.Users"/>, so grants configured for tests are unaffected.
    /// </summary>
    public RegistryUser? PushUser { get; }

    /// <summary>The first configured user, if any (a shortcut for tests with one user).</summary>
    public RegistryUser? User => Options.Users.Count > 0 ? Options.Users[0] : null;

    /// <summary>Wall time from StartAsync to the registry answering <c>/v2/</c>.</summary>
    public TimeSpan StartupTime { get; }

    /// <summary>Where the registry keeps blobs and manifests.</summary>
    public string StorageDirectory => Path.Combine(_directory.Path, "storage");

    /// <summary>The last lines of the registry's log (its access log included), for failure messages.</summary>
    public string LogTail => _process.OutputTail;

    public static async Task<TestRegistry> StartAsync(RegistryOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= RegistryOptions.Anonymous;
        var binary = ExternalBinary.Require(ExternalBinary.DockerRegistry);
        var clock = Stopwatch.StartNew();
        var directory = TempDirectory.Create("registry");
        ServerCertificate? certificate = null;
        ServerCertificate? issuerCertificate = null;
        TokenIssuer? tokenIssuer = null;
        try
        {
            var storage = directory.Sub("storage");
            var authority = options.CertificateAuthority ?? TestCertificateAuthority.Shared;
            if (options.Tls is { } kind)
            {
                certificate = authority.IssueServerCertificate(kind, options.TlsHostNames);
            }

            RegistryUser? pushUser = options.Auth == RegistryAuthMode.Anonymous
                ? null
                : new RegistryUser("pulldoctor-fixture-push", Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)));
            string? htpasswdPath = null;
            RegistryConfigWriter.TokenSettings? token = null;
            if (options.Auth == RegistryAuthMode.Basic)
            {
                htpasswdPath = directory.File("htpasswd");
                await HtpasswdFile.WriteAsync(htpasswdPath, [.. options.Users, pushUser!], cancellationToken).ConfigureAwait(false);
            }
            else if (options.Auth == RegistryAuthMode.Token)
            {
                // The issuer gets a good certificate even when the registry's is deliberately bad, so a
                // test observes exactly one TLS problem.
                issuerCertificate = options.Tls is null ? null : authority.IssueServerCertificate(ServerCertificateKind.Valid, options.TlsHostNames);
                tokenIssuer = await TokenIssuer.StartAsync(
                    new TokenIssuerOptions
                    {
                        Service = options.TokenService,
                        Users = [.. options.Users, pushUser!],
                        Grants = options.Grants.Count > 0
                            ? [.. options.Grants, new TokenGrant(pushUser!.Name, "*", "*")]
                            : [new TokenGrant(TokenGrant.AnyUser, "*", "*")],
                        TokenLifetime = options.TokenLifetime,
                        Tls = issuerCertificate,
                    },
                    cancellationToken).ConfigureAwait(false);
                token = new RegistryConfigWriter.TokenSettings(
                    options.TokenRealmOverride ?? tokenIssuer.Realm,
                    options.TokenService,
                    tokenIssuer.Options.Issuer,
                    tokenIssuer.RootCertificateBundlePath);
            }

            var configPath = directory.File("config.yml");
            string failure = "not started";
            for (var attempt = 1; attempt <= MaxStartAttempts; attempt++)
            {
                var port = FreePort.Next();
                await File.WriteAllTextAsync(configPath, RegistryConfigWriter.Render(port, storage, certificate, htpasswdPath, token), cancellationToken).ConfigureAwait(false);
                var process = ManagedProcess.Start(binary, ["serve", configPath], directory.Path);
                var scheme = certificate is null ? "http" : "https";
                var problem = await ReadinessProbe.WaitAsync(new Uri($"{scheme}://127.0.0.1:{port}/v2/"), process, options.StartupTimeout, cancellationToken).ConfigureAwait(false);
                if (problem is null)
                {
                    return new TestRegistry(options, directory, process, port, certificate, issuerCertificate, tokenIssuer, pushUser, clock.Elapsed);
                }

                failure = $"docker-registry {problem}:\n{process.OutputTail}";
                await process.DisposeAsync().ConfigureAwait(false);
                if (!failure.Contains("address already in use", StringComparison.Ordinal))
                {
                    break;
                }
            }

            throw new InvalidOperationException($"The test registry did not start. {failure}");
        }
        catch
        {
            if (tokenIssuer is not null)
            {
                await tokenIssuer.DisposeAsync().ConfigureAwait(false);
            }

            certificate?.Dispose();
            issuerCertificate?.Dispose();
            directory.Dispose();
            throw;
        }
    }

    /// <summary>
    /// <c>127.0.0.1:PORT/REPOSITORY:TAG</c>, or with <paramref name="hostName"/> (e.g. <c>registry.test</c>
    /// mapped to 127.0.0.1 in a private /etc/hosts) instead of 127.0.0.1.
    /// </summary>
    public string ImageReference(string repository, string tag, string? hostName = null) =>
        $"{hostName ?? "127.0.0.1"}:{Port}/{repository}:{tag}";

    /// <summary>An HttpClient for this registry with <see cref="BaseUri"/> set, trusting its CA when it uses TLS.</summary>
    public HttpClient CreateHttpClient() =>
        new(TestHttpClients.CreateHandler(CertificateAuthority?.Certificate), disposeHandler: true)
        {
            BaseAddress = BaseUri,
            Timeout = TimeSpan.FromSeconds(10),
        };

    /// <summary>Pushes a single-platform image (an image manifest, no index) with skopeo.</summary>
    public async Task<PushedImage> PushImageAsync(
        string repository,
        string tag,
        ImagePlatform platform,
        ManifestFormat format = ManifestFormat.Oci,
        CancellationToken cancellationToken = default)
    {
        var layout = await OciLayoutCache.SingleAsync(platform, format).ConfigureAwait(false);
        return await PushLayoutAsync(layout, repository, tag, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Pushes an index (manifest list) with one image per platform, e.g. only linux/arm64.</summary>
    public async Task<PushedImage> PushIndexAsync(
        string repository,
        string tag,
        IReadOnlyList<ImagePlatform> platforms,
        ManifestFormat format = ManifestFormat.Oci,
        CancellationToken cancellationToken = default)
    {
        var layout = await OciLayoutCache.IndexAsync(platforms, format).ConfigureAwait(false);
        return await PushLayoutAsync(layout, repository, tag, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Pushes a non-image OCI artifact (a Helm chart's config and content) under a tag: the registry serves
    /// it, a container runtime refuses it (UnsupportedImageFormat).
    /// </summary>
    public async Task<PushedImage> PushHelmChartArtifactAsync(string repository, string tag, CancellationToken cancellationToken = default)
    {
        var layout = await OciLayoutCache.HelmChartAsync().ConfigureAwait(false);
        await _httpPusher.PushAsync(layout.Image, repository, tag, cancellationToken).ConfigureAwait(false);
        return Describe(layout, repository, tag);
    }

    /// <summary>
    /// Pushes the same single-platform image under many tags (for tag-list and suggestion tests): one
    /// skopeo push, then one manifest PUT per further tag, so a hundred tags take well under a second.
    /// </summary>
    public async Task<IReadOnlyList<PushedImage>> PushTagsAsync(
        string repository,
        IEnumerable<string> tags,
        ImagePlatform? platform = null,
        ManifestFormat format = ManifestFormat.Oci,
        CancellationToken cancellationToken = default)
    {
        var tagList = tags.ToList();
        if (tagList.Count == 0)
        {
            return [];
        }

        var layout = await OciLayoutCache.SingleAsync(platform ?? ImagePlatforms.LinuxAmd64, format).ConfigureAwait(false);
        var pushed = new List<PushedImage> { await PushLayoutAsync(layout, repository, tagList[0], cancellationToken).ConfigureAwait(false) };
        foreach (var tag in tagList.Skip(1))
        {
            await _httpPusher.TagAsync(layout.Image, repository, tag, cancellationToken).ConfigureAwait(false);
            pushed.Add(Describe(layout, repository, tag));
        }

        return pushed;
    }

    /// <summary>
    /// Deletes a blob's data from storage behind the registry's back, so the manifest resolves but pulling
    /// the blob fails (LayerPullFailed). Affects every repository of this registry that shares the blob.
    /// </summary>
    public void DeleteBlobData(string digest) => File.Delete(BlobDataPath(digest));

    /// <summary>
    /// Overwrites a blob's data with different bytes of the same length, so the registry serves it but the
    /// client's digest check fails.
    /// </summary>
    public void CorruptBlobData(string digest)
    {
        var path = BlobDataPath(digest);
        var bytes = File.ReadAllBytes(path);
        for (var i = 0; i < bytes.Length; i++)
        {
            bytes[i] ^= 0x5A;
        }

        File.WriteAllBytes(path, bytes);
    }

    private string BlobDataPath(string digest)
    {
        if (!digest.StartsWith("sha256:", StringComparison.Ordinal) || digest.Length != 71)
        {
            throw new ArgumentException($"'{digest}' is not a sha256 digest.", nameof(digest));
        }

        var hex = digest[7..];
        var path = Path.Combine(StorageDirectory, "docker", "registry", "v2", "blobs", "sha256", hex[..2], hex, "data");
        return File.Exists(path) ? path : throw new FileNotFoundException($"Blob {digest} is not in this registry's storage.", path);
    }

    private async Task<PushedImage> PushLayoutAsync(OciLayout layout, string repository, string tag, CancellationToken cancellationToken)
    {
        if (layout.Image.Top.MediaType is MediaTypes.OciManifest or MediaTypes.OciIndex)
        {
            await SkopeoPusher.PushAsync(layout, ImageReference(repository, tag), PushUser, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await _httpPusher.PushAsync(layout.Image, repository, tag, cancellationToken).ConfigureAwait(false);
        }

        return Describe(layout, repository, tag);
    }

    private PushedImage Describe(OciLayout layout, string repository, string tag) => new(
        ImageReference(repository, tag),
        repository,
        tag,
        layout.Image.Top.Digest,
        layout.Image.Top.MediaType,
        layout.Image.Platforms,
        layout.Image.Manifests.Select(m => m.Digest).ToList(),
        layout.Image.Blobs.Select(b => b.Digest).ToList());

    private AuthenticationHeaderValue? PushAuthorization(string repository) => Options.Auth switch
    {
        RegistryAuthMode.Basic => new AuthenticationHeaderValue("Basic", PushUser!.BasicAuthValue),
        RegistryAuthMode.Token => new AuthenticationHeaderValue(
            "Bearer",
            TokenIssuer!.CreateToken(PushUser!.Name, [TokenAccess.Repository(repository, "pull", "push")], TimeSpan.FromMinutes(5))),
        _ => null,
    };

    public async ValueTask DisposeAsync()
    {
        _pushClient.Dispose();
        await _process.DisposeAsync().ConfigureAwait(false);
        if (TokenIssuer is not null)
        {
            await TokenIssuer.DisposeAsync().ConfigureAwait(false);
        }

        _certificate?.Dispose();
        _issuerCertificate?.Dispose();
        _directory.Dispose();
    }
}
