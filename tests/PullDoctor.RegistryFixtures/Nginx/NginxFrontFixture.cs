using System.Diagnostics;
using System.Globalization;

namespace PullDoctor.RegistryFixtures;

/// <summary>
/// nginx (<c>/usr/sbin/nginx</c>) in front of a test registry, on 127.0.0.1 with a random port and its own
/// prefix, config, pid and logs in a temp directory. It proxies to the registry, or answers manifest
/// requests (or everything) with Docker Hub's 429, a plain 429, 500 or 503, over HTTP or HTTPS, and keeps
/// an access log tests can count requests in.
/// </summary>
public sealed class NginxFrontFixture : IAsyncDisposable
{
    private const int MaxStartAttempts = 3;
    private readonly TempDirectory _directory;
    private readonly ManagedProcess _process;
    private readonly HttpClient _controlClient;
    private readonly Uri? _upstream;
    private readonly Lock _reloadGate = new();
    private int _generation;

    private NginxFrontFixture(NginxFrontOptions options, TempDirectory directory, ManagedProcess process, int port, ServerCertificate? certificate, Uri? upstream, TimeSpan startupTime)
    {
        Options = options;
        _directory = directory;
        _process = process;
        Port = port;
        ServerCertificate = certificate;
        _upstream = upstream;
        StartupTime = startupTime;
        Failure = options.Failure;
        BaseUri = new Uri($"{(certificate is null ? "http" : "https")}://127.0.0.1:{port}/");
        _controlClient = new HttpClient(TestHttpClients.CreateInsecureHandler(), disposeHandler: true)
        {
            BaseAddress = BaseUri,
            Timeout = TimeSpan.FromSeconds(10),
        };

        // No keep-alive for the fixture's own requests: a reload retires the worker that holds a pooled
        // connection, and the next request on it would read "connection reset by peer".
        _controlClient.DefaultRequestHeaders.ConnectionClose = true;
        AccessLog = new NginxAccessLog(Path.Combine(directory.Path, "access.log"), _controlClient);
    }

    public NginxFrontOptions Options { get; }

    public int Port { get; }

    /// <summary><c>127.0.0.1:PORT</c>, the registry host as written in image references.</summary>
    public string Host => $"127.0.0.1:{Port}";

    public Uri BaseUri { get; }

    public bool UsesTls => ServerCertificate is not null;

    public ServerCertificate? ServerCertificate { get; }

    public TestCertificateAuthority? CertificateAuthority => UsesTls ? Options.CertificateAuthority ?? TestCertificateAuthority.Shared : null;

    public string? CaCertificatePath => CertificateAuthority?.CertificatePath;

    /// <summary>The failure currently configured (see <see cref="SetFailureAsync"/>).</summary>
    public NginxFailure Failure { get; private set; }

    public NginxAccessLog AccessLog { get; }

    public string ErrorLogPath => Path.Combine(_directory.Path, "error.log");

    public TimeSpan StartupTime { get; }

    /// <summary>Docker Hub's rate-limit body, as served for <see cref="NginxFailure.DockerHubRateLimit"/>.</summary>
    public static string DockerHubRateLimitBody => NginxConfigWriter.DockerHubRateLimitBody;

    public static async Task<NginxFrontFixture> StartAsync(NginxFrontOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new NginxFrontOptions();
        var nginx = ExternalBinary.Require(ExternalBinary.Nginx);
        var clock = Stopwatch.StartNew();
        var directory = TempDirectory.Create("nginx");
        ServerCertificate? certificate = null;
        try
        {
            foreach (var temp in new[] { "client_body", "proxy", "fastcgi", "uwsgi", "scgi" })
            {
                directory.Sub(Path.Combine("temp", temp));
            }

            if (options.Tls is { } kind)
            {
                certificate = (options.CertificateAuthority ?? TestCertificateAuthority.Shared).IssueServerCertificate(kind, options.TlsHostNames);
            }

            var upstream = options.UpstreamUri ?? options.Upstream?.BaseUri;
            string failure = "not started";
            for (var attempt = 1; attempt <= MaxStartAttempts; attempt++)
            {
                var port = FreePort.Next();
                var configPath = await WriteConfigAsync(directory, port, options, options.Failure, upstream, certificate, 0, cancellationToken).ConfigureAwait(false);
                var process = ManagedProcess.Start(nginx, Arguments(directory, configPath), directory.Path, terminateFirst: true);
                var scheme = certificate is null ? "http" : "https";
                var problem = await ReadinessProbe.WaitAsync(new Uri($"{scheme}://127.0.0.1:{port}{NginxConfigWriter.SyncPath}"), process, options.StartupTimeout, cancellationToken).ConfigureAwait(false);
                if (problem is null)
                {
                    // The readiness probe's own request is not part of any test.
                    var front = new NginxFrontFixture(options, directory, process, port, certificate, upstream, clock.Elapsed);
                    await front.AccessLog.ClearAsync(cancellationToken).ConfigureAwait(false);
                    return front;
                }

                var errorLog = File.Exists(directory.File("error.log")) ? await File.ReadAllTextAsync(directory.File("error.log"), cancellationToken).ConfigureAwait(false) : string.Empty;
                failure = $"nginx {problem}:\n{process.OutputTail}\n{errorLog}";
                await process.DisposeAsync().ConfigureAwait(false);
                if (!failure.Contains("Address already in use", StringComparison.Ordinal))
                {
                    break;
                }
            }

            throw new InvalidOperationException($"The nginx front did not start. {failure}");
        }
        catch
        {
            certificate?.Dispose();
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

    /// <summary>An HttpClient with <see cref="BaseUri"/> set, trusting the CA when TLS is on.</summary>
    public HttpClient CreateHttpClient() =>
        new(TestHttpClients.CreateHandler(CertificateAuthority?.Certificate), disposeHandler: true)
        {
            BaseAddress = BaseUri,
            Timeout = TimeSpan.FromSeconds(10),
        };

    /// <summary>
    /// Switches the failure mode of the running nginx (config rewrite and reload); returns once nginx
    /// answers with the new configuration. Lets one front serve several scenarios in sequence.
    /// </summary>
    public async Task SetFailureAsync(NginxFailure failure, CancellationToken cancellationToken = default)
    {
        int generation;
        lock (_reloadGate)
        {
            generation = ++_generation;
        }

        var configPath = await WriteConfigAsync(_directory, Port, Options, failure, _upstream, ServerCertificate, generation, cancellationToken).ConfigureAwait(false);
        var nginx = ExternalBinary.Require(ExternalBinary.Nginx);
        var oldWorkers = ProcessTable.ChildrenOf(_process.Id);
        await CommandRunner.RunCheckedAsync(nginx, [.. Arguments(_directory, configPath), "-s", "reload"], TimeSpan.FromSeconds(10), cancellationToken).ConfigureAwait(false);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));

        // Reload is asynchronous in nginx. The new configuration is live once a new worker answers with
        // its generation, and it is the only one once the old workers have exited: until then an old
        // worker still answers on a keep-alive connection a test's client holds, with the old failure.
        while (!await AnswersWithGenerationAsync(generation, timeout.Token).ConfigureAwait(false)
            || ProcessTable.ChildrenOf(_process.Id).Overlaps(oldWorkers))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(10), timeout.Token).ConfigureAwait(false);
        }

        Failure = failure;
    }

    /// <summary>
    /// One poll of the sync path. While nginx reloads, its old workers close their
    /// connections (a pooled keep-alive connection then reads "connection reset by peer"), so a transport
    /// error here means "not yet", not a failure; the caller's timeout bounds the wait.
    /// </summary>
    private async Task<bool> AnswersWithGenerationAsync(int generation, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await _controlClient.GetAsync(NginxConfigWriter.SyncPath, cancellationToken).ConfigureAwait(false);
            return response.Headers.TryGetValues(NginxConfigWriter.GenerationHeader, out var values)
                && int.Parse(values.First(), CultureInfo.InvariantCulture) >= generation;
        }
        catch (HttpRequestException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private static async Task<string> WriteConfigAsync(TempDirectory directory, int port, NginxFrontOptions options, NginxFailure failure, Uri? upstream, ServerCertificate? certificate, int generation, CancellationToken cancellationToken)
    {
        var configPath = directory.File("nginx.conf");
        var text = NginxConfigWriter.Render(port, directory.Path, options, failure, upstream, certificate, generation);
        await File.WriteAllTextAsync(configPath, text, cancellationToken).ConfigureAwait(false);
        return configPath;
    }

    // -e points the early error log into our directory: otherwise nginx touches /var/log/nginx/error.log
    // before reading the config.
    private static string[] Arguments(TempDirectory directory, string configPath) =>
        ["-p", directory.Path + "/", "-c", configPath, "-e", directory.File("error.log")];

    public async ValueTask DisposeAsync()
    {
        _controlClient.Dispose();
        await _process.DisposeAsync().ConfigureAwait(false);
        ServerCertificate?.Dispose();
        _directory.Dispose();
    }
}
