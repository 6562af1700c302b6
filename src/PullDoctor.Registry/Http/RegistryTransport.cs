using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using PullDoctor.Core.Causes;
using PullDoctor.Registry.Network;
using PullDoctor.Registry.Probe;

namespace PullDoctor.Registry.Http;

/// <summary>
/// One probe's HTTP client. Its own handler (so connection observations and TLS failures belong to this probe
/// alone) with our connect callback (DNS + network policy), our certificate validator, no proxy, no automatic
/// redirects: redirects are followed here, at most <see cref="RegistryProbeOptions.MaxRedirects"/>, each hop
/// vetted again by the connect callback, and Authorization is dropped on any change of origin or move to plain
/// HTTP. Every request has a response timeout and a body cap. One transport serves one probe of one registry
/// (<c>origin</c>): its connector pins each name's addresses for the probe and keeps redirects and token realms from
/// moving into a more private network than the registry's.
/// </summary>
internal sealed class RegistryTransport : IDisposable
{
    private readonly RegistryProbeOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ConnectionObserver _observer = new();
    private readonly HttpClient _client;
    private readonly GuardedConnector _connector;
    private readonly SecretScrubber _scrubber;

    public RegistryTransport(RegistryProbeOptions options, IHostResolver resolver, TimeProvider timeProvider, SecretScrubber scrubber, Uri origin)
    {
        _options = options;
        _timeProvider = timeProvider;
        _scrubber = scrubber;
        var connector = new GuardedConnector(options.NetworkPolicy, resolver, _observer, options.DnsTimeout, options.ConnectTimeout, timeProvider, origin.IdnHost);
        _connector = connector;
        var validator = new TlsCertificateValidator([.. options.ExtraTrustedCertificates], _observer, timeProvider);
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = connector.ConnectAsync,
            AllowAutoRedirect = false,
            UseProxy = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = options.DnsTimeout + options.ConnectTimeout + options.ResponseTimeout,
            MaxResponseHeadersLength = 64,
            MaxConnectionsPerServer = 4,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
            SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = validator.Validate },
        };
        _client = new HttpClient(handler, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
        _client.DefaultRequestHeaders.UserAgent.ParseAdd(options.UserAgent);
    }

    public List<ProbeStep> Steps { get; } = [];

    public ConnectionObserver Observer => _observer;

    /// <summary>
    /// Whether credentials may travel to this URI: HTTPS, or plain HTTP when allowed and every address the host
    /// resolves to (pinned for this probe, so the connection gets the same ones) is loopback. The name alone decides
    /// nothing: <c>registry.localhost</c> resolving to another machine gets no credentials over plain HTTP.
    /// </summary>
    public async Task<bool> IsSafeForCredentialsAsync(Uri uri, CancellationToken cancellationToken) =>
        uri.Scheme == Uri.UriSchemeHttps || (_options.AllowCredentialsOverHttpToLoopback && await IsOnThisMachineAsync(uri, cancellationToken));

    /// <summary>
    /// Whether the URI's host is this machine, for the plain-HTTP fallback and credentials: named as loopback
    /// (<c>localhost</c>, <c>*.localhost</c>, a loopback literal, as container runtimes require) and every address it
    /// resolves to loopback. Both: a loopback name resolving elsewhere, or another name resolving to loopback, is not.
    /// </summary>
    public async Task<bool> IsOnThisMachineAsync(Uri uri, CancellationToken cancellationToken) =>
        NetworkPolicy.IsLoopbackName(uri.Host) && await _connector.IsOnThisMachineAsync(uri.IdnHost, uri.Port, cancellationToken);

    /// <summary>Text from the registry made quotable: scrubbed, cleaned, then cut.</summary>
    public string Quote(string text, int max) => QuotableText.Bound(text, max, _scrubber);

    public async Task<RegistryResponse> SendAsync(RegistryRequest request, CancellationToken cancellationToken)
    {
        var uri = request.Uri;
        var method = request.Method;
        var authorization = request.Authorization;
        var sentOnAnyHop = false;
        for (var hop = 0; ; hop++)
        {
            if (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            {
                throw Fail(new TransportFailure(CauseCode.Unknown, $"refused to follow a redirect to a {uri.Scheme} URL"), null);
            }

            var withheld = false;
            var safe = (authorization is null && request.Form is null) || await IsSafeForCredentialsAsync(uri, cancellationToken);
            if (authorization is not null && (!SameOrigin(uri, request.Uri) || !safe))
            {
                // Credentials and tokens never follow a redirect to another host, and never travel over plain HTTP.
                authorization = null;
                withheld = true;
            }

            if (request.Form is not null && (!SameOrigin(uri, request.Uri) || !safe))
            {
                throw Fail(new TransportFailure(CauseCode.Unknown, $"refused to resend a token request with credentials to {Display(uri)} after a redirect"), null);
            }

            using var message = new HttpRequestMessage(method, uri);
            foreach (var accept in request.Accept)
            {
                message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));
            }

            message.Headers.Authorization = authorization;
            sentOnAnyHop |= authorization is not null || (request.Form is not null && request.AuthorizationIsCredential);
            if (request.Form is not null && method == HttpMethod.Post)
            {
                message.Content = new FormUrlEncodedContent(request.Form);
            }

            var label = authorization is null ? (withheld ? "anonymous: authorization withheld" : "anonymous") : request.AuthLabel;
            var asked = $"{method} {Quote(Display(uri), 300)} ({label})";
            using var timeout = new CancellationTokenSource(_options.ResponseTimeout, _timeProvider);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
            HttpResponseMessage response;
            try
            {
                response = await _client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                var failure = TransportFailureClassifier.Classify(ex, uri, timeout.IsCancellationRequested, _options.ResponseTimeout, _observer);
                Steps.Add(new ProbeStep(asked, failure.Blocked ? "not sent: " + failure.Detail : failure.Detail));
                throw Fail(failure, ex);
            }

            using (response)
            {
                var status = (int)response.StatusCode;
                if (status is 301 or 302 or 303 or 307 or 308 && response.Headers.Location is { } location)
                {
                    var next = location.IsAbsoluteUri ? location : new Uri(uri, location);
                    Steps.Add(new ProbeStep(asked, $"{StatusReasons.Text(status)} → {Quote(Display(next), 300)}"));
                    if (hop >= _options.MaxRedirects)
                    {
                        throw Fail(new TransportFailure(CauseCode.Unknown, $"more than {_options.MaxRedirects} redirects, starting at {Display(request.Uri)}"), null);
                    }

                    if (status == 303)
                    {
                        method = method == HttpMethod.Head ? HttpMethod.Head : HttpMethod.Get;
                    }

                    uri = next;
                    continue;
                }

                byte[] body;
                bool truncated;
                try
                {
                    (body, truncated) = method == HttpMethod.Head ? ([], false) : await ReadCappedAsync(response.Content, request.MaxBodyBytes, linked.Token);
                }
                catch (Exception ex) when (ex is HttpRequestException or IOException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
                {
                    var failure = TransportFailureClassifier.Classify(ex, uri, timeout.IsCancellationRequested, _options.ResponseTimeout, _observer);
                    Steps.Add(new ProbeStep(asked, $"{StatusReasons.Text(status)}, then {failure.Detail}"));
                    throw Fail(failure, ex);
                }

                return new RegistryResponse(status, ResponseHeaders.From(response), body, truncated, uri, authorization is not null)
                {
                    Asked = asked,
                    AuthorizationSentOnAnyHop = sentOnAnyHop,
                    Error = RegistryError.TryParse(body, request.IsTokenRequest, _scrubber),
                };
            }
        }
    }

    /// <summary>The URL as evidence: without user info, query kept (it names service and scope, never secrets).</summary>
    public static string Display(Uri uri) =>
        new UriBuilder(uri) { UserName = string.Empty, Password = string.Empty }.Uri.GetComponents(UriComponents.HttpRequestUrl, UriFormat.UriEscaped);

    public static bool SameOrigin(Uri a, Uri b) =>
        string.Equals(a.Scheme, b.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(a.IdnHost, b.IdnHost, StringComparison.OrdinalIgnoreCase)
        && a.Port == b.Port;

    private static async Task<(byte[] Body, bool Truncated)> ReadCappedAsync(HttpContent content, int cap, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[Math.Min(cap + 1, 81920)];
        using var collected = new MemoryStream();
        while (collected.Length <= cap)
        {
            var read = await stream.ReadAsync(buffer, cancellationToken);
            if (read == 0)
            {
                break;
            }

            collected.Write(buffer, 0, read);
        }

        var truncated = collected.Length > cap;
        var bytes = collected.ToArray();
        return truncated ? (bytes[..cap], true) : (bytes, false);
    }

    private static TransportException Fail(TransportFailure failure, Exception? inner) => new(failure, inner);

    public void Dispose() => _client.Dispose();
}
