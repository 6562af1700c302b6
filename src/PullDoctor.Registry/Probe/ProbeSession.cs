using System.Text;
using System.Text.Json;
using PullDoctor.Core.Causes;
using PullDoctor.Core.References;
using PullDoctor.Registry.Http;
using PullDoctor.Registry.Network;

namespace PullDoctor.Registry.Probe;

/// <summary>
/// One probe of one image, start to finish, as a container runtime would pull it: ping <c>/v2/</c>, authenticate as
/// challenged, HEAD then GET the manifest, pick the platform from an index, check the config and layers exist. When
/// the manifest is missing, the tag list tells a missing tag from a missing repository.
/// </summary>
internal sealed class ProbeSession : IDisposable
{
    /// <summary>Platforms named in a result; an index may list more (each also bounded by its grammar).</summary>
    public const int MaxListedPlatforms = 32;

    // Up to this many tags, a tag-not-found names them all (the review saw "(2 other tags exist)" hide both).
    private const int FewTags = 5;

    private readonly ProbeRequest _request;
    private readonly RegistryProbeOptions _options;
    private readonly RegistryTransport _transport;
    private readonly SecretScrubber _scrubber;
    private readonly ProbeAuthenticator _auth;
    private readonly ImageReference _image;
    private Uri _base;

    public ProbeSession(ProbeRequest request, RegistryProbeOptions options, IHostResolver resolver, TimeProvider timeProvider, SecretScrubber scrubber)
    {
        _request = request;
        _options = options;
        _image = request.Image;
        _scrubber = scrubber;
        var scheme = options.PlainHttpRegistries.Contains(_image.Domain) || options.PlainHttpRegistries.Contains(_image.RegistryHost) ? "http" : "https";
        _base = new Uri($"{scheme}://{_image.RegistryHost}/");
        _transport = new RegistryTransport(options, resolver, timeProvider, scrubber, _base);
        _auth = new ProbeAuthenticator(_transport, request.Credential, _image.Path, scrubber, options);
    }

    public IReadOnlyList<ProbeStep> Steps => _transport.Steps;

    public bool CredentialsSent => _auth.CredentialsSent;

    /// <summary>The challenge the registry answered with, when it asked for authentication.</summary>
    public AuthChallenge? Challenge => _auth.Challenge;

    public async Task<ProbeOutcome> RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await RunCoreAsync(cancellationToken);
        }
        catch (TransportException ex)
        {
            return ProbeOutcome.From(ex.Failure);
        }
    }

    private async Task<ProbeOutcome> RunCoreAsync(CancellationToken cancellationToken)
    {
        var ping = await PingAsync(cancellationToken);
        if (ping.Outcome is not null)
        {
            return ping.Outcome;
        }

        if (ping.Response is { Status: 401 } challenged)
        {
            var failure = await _auth.AuthenticateAsync(WwwAuthenticateParser.Parse(challenged.Headers.All("WWW-Authenticate")), _base, cancellationToken);
            if (failure is not null)
            {
                return Outcome(failure);
            }
        }

        return await ProbeManifestAsync(cancellationToken);
    }

    private async Task<(RegistryResponse? Response, ProbeOutcome? Outcome)> PingAsync(CancellationToken cancellationToken)
    {
        // Loopback by the resolved (pinned) addresses, not by the name: registry.localhost elsewhere gets no fallback.
        var mayFallBack = _options.LoopbackHttpFallback && _base.Scheme == Uri.UriSchemeHttps && await _transport.IsOnThisMachineAsync(_base, cancellationToken);
        RegistryResponse response;
        try
        {
            response = await SendAsync(new RegistryRequest(HttpMethod.Get, new Uri(_base, "v2/")), cancellationToken, retryOnChallenge: false);
        }
        catch (TransportException ex) when (ex.Failure.ServerSpeaksPlainHttp && mayFallBack)
        {
            _transport.Steps.Add(new ProbeStep(
                $"fall back to http://{_base.Authority}/",
                "the loopback registry speaks plain HTTP; retrying over HTTP, as containerd and Docker do for local registries"));
            _base = new Uri($"http://{_base.Authority}/");
            response = await SendAsync(new RegistryRequest(HttpMethod.Get, new Uri(_base, "v2/")), cancellationToken, retryOnChallenge: false);
        }

        Record(response);
        if (response.IsSuccess || response.Status == 401)
        {
            return (response, null);
        }

        if (SpeaksTlsOnly(response))
        {
            return (response, ProbeOutcome.Problem(CauseCode.HttpProtocolMismatch, $"{_base.Authority} answered {response.StatusText}: it expects HTTPS, but was asked over plain HTTP", response));
        }

        return response.Status switch
        {
            429 => (response, RateLimited(response)),
            >= 500 => (response, ProbeOutcome.Problem(CauseCode.RegistryServerError, $"the registry's API root /v2/ answered {response.StatusText}{Said(response)}", response)),
            404 => (response, ProbeOutcome.Problem(CauseCode.Unknown, $"{_base.Authority} answered {response.StatusText} for /v2/: it does not serve the OCI distribution API there (wrong host or port?)", response)),
            _ => (response, null),
        };
    }

    private async Task<ProbeOutcome> ProbeManifestAsync(CancellationToken cancellationToken)
    {
        var manifestUri = ManifestUri(_image.ManifestReference);
        var head = await SendAsync(_auth.Request(HttpMethod.Head, manifestUri, MediaTypes.ManifestAccept), cancellationToken);
        if (head.IsSuccess)
        {
            Record(head, _transport.Quote($"{head.ContentType ?? "no content type"}{(head.Headers["Docker-Content-Digest"] is { } d ? ", " + d : string.Empty)}", 200));
            return await CheckManifestAsync(manifestUri, head.Headers["Docker-Content-Digest"], cancellationToken);
        }

        Record(head);
        var decisive = head;
        if (head.Status is 401 or 403 or 404 or 400 or 429)
        {
            // HEAD answers carry no body; GET says which error it is.
            decisive = await SendAsync(_auth.Request(HttpMethod.Get, manifestUri, MediaTypes.ManifestAccept) with { MaxBodyBytes = _options.MaxManifestBytes }, cancellationToken);
            Record(decisive);
            if (decisive.IsSuccess)
            {
                return await CheckManifestAsync(manifestUri, decisive.Headers["Docker-Content-Digest"], cancellationToken, decisive);
            }
        }

        return await ManifestFailureAsync(decisive, cancellationToken);
    }

    private async Task<ProbeOutcome> ManifestFailureAsync(RegistryResponse response, CancellationToken cancellationToken)
    {
        var what = _image.Digest is null ? $"tag \"{_image.EffectiveTag}\"" : $"digest {_image.Digest}";
        var said = Said(response);
        var sentCredentials = response.AuthorizationSent && _auth.UsingCredentials;
        var withheld = _request.Credential is not null && !sentCredentials
            ? "; credentials were available but not sent, as they never travel over plain HTTP or to another host"
            : string.Empty;
        switch (response.Status)
        {
            case 404 when response.Error?.Code == RegistryError.NameUnknown:
                return ProbeOutcome.Problem(CauseCode.RepositoryNotFound, $"repository {_image.Path} does not exist on {_image.Domain}{said}", response);
            case 404:
                return await TellTagFromRepositoryAsync(response, what, cancellationToken);
            case 401 or 403 when sentCredentials && ProbeAuthenticator.MentionsExpiry(response.Error?.Message):
                return ProbeOutcome.Problem(CauseCode.CredentialsExpired, $"the registry rejected the credentials as expired ({response.StatusText}{said})", response);
            case 401 when sentCredentials && _auth.Challenge?.IsBasic == true:
                return ProbeOutcome.Problem(CauseCode.AuthenticationFailed, $"the registry rejected the credentials ({response.StatusText}{said})", response);
            case 401 or 403 when sentCredentials:
                return ProbeOutcome.Problem(CauseCode.AccessDenied, $"the credentials were accepted, but pulling {_image.Path} was refused ({response.StatusText}{said}); either they lack pull permission or the repository does not exist", response);
            case 401 or 403 when _auth.AnonymousTokenIssued || response.Status == 403:
                return ProbeOutcome.Problem(CauseCode.RepositoryNotFoundOrPrivate, $"anonymous pull of {_image.Path} refused ({response.StatusText}{said}); the registry does not say whether the repository is private or does not exist{withheld}", response);
            case 401:
                return ProbeOutcome.Problem(CauseCode.AuthenticationRequired, $"the registry requires credentials and none were sent ({response.StatusText}{said}){withheld}", response);
            case 429:
                return RateLimited(response);
            case >= 500:
                return ProbeOutcome.Problem(CauseCode.RegistryServerError, $"the registry answered {response.StatusText} for the manifest{said}", response);
            case 400 when SpeaksTlsOnly(response):
                return ProbeOutcome.Problem(CauseCode.HttpProtocolMismatch, $"{_base.Authority} expects HTTPS, but was asked over plain HTTP", response);
            default:
                return ProbeOutcome.Problem(CauseCode.Unknown, $"the registry answered {response.StatusText} for the manifest of {what}{said}", response);
        }
    }

    private async Task<ProbeOutcome> TellTagFromRepositoryAsync(RegistryResponse manifestResponse, string what, CancellationToken cancellationToken)
    {
        var listing = await TagLister.ListAsync(_transport, _base, _image.Path, uri => _auth.Request(HttpMethod.Get, uri), _options, cancellationToken);
        if (listing.Status is >= 200 and < 300)
        {
            var suggestions = _image.Digest is null ? TagSuggester.Suggest(_image.EffectiveTag!, listing.Tags) : [];

            // A repository with a handful of tags: none may look like the one asked for, but they are all there is.
            if (suggestions.Count == 0 && listing.Complete && listing.Tags.Count is > 0 and <= FewTags)
            {
                suggestions = [.. listing.Tags];
            }

            var count = listing.Complete ? $"{listing.Tags.Count}" : $"at least {listing.Tags.Count}";
            var detail = listing.Tags.Count == 0
                ? $"{what} does not exist in {_image.Repository}, which has no tags"
                : listing.Complete && listing.Tags.Count <= FewTags
                    ? $"{what} does not exist in {_image.Repository} (its tags: {string.Join(", ", listing.Tags)})"
                    : $"{what} does not exist in {_image.Repository} ({count} other tags exist)";
            return ProbeOutcome.Problem(CauseCode.TagNotFound, detail, manifestResponse) with { SuggestedTags = suggestions, TagCount = listing.Tags.Count };
        }

        if (listing.Status == 404 && listing.Error?.Code == RegistryError.NameUnknown)
        {
            return ProbeOutcome.Problem(CauseCode.RepositoryNotFound, $"repository {_image.Path} does not exist on {_image.Domain} (the manifest and the tag list are both unknown)", manifestResponse);
        }

        return ProbeOutcome.Problem(CauseCode.ImageNotFound, $"{_image.Repository}: {what} not found ({manifestResponse.StatusText}{Said(manifestResponse)}), and the tag list did not say whether the repository exists", manifestResponse);
    }

    private async Task<ProbeOutcome> CheckManifestAsync(Uri manifestUri, string? digest, CancellationToken cancellationToken, RegistryResponse? alreadyFetched = null)
    {
        var manifest = alreadyFetched ?? await SendAsync(_auth.Request(HttpMethod.Get, manifestUri, MediaTypes.ManifestAccept) with { MaxBodyBytes = _options.MaxManifestBytes }, cancellationToken);
        if (!manifest.IsSuccess)
        {
            Record(manifest);
            return await ManifestFailureAsync(manifest, cancellationToken);
        }

        if (manifest.Truncated)
        {
            Record(manifest, "manifest larger than the probe reads");
            return ProbeOutcome.Problem(CauseCode.UnsupportedImageFormat, $"the manifest is larger than {_options.MaxManifestBytes / 1024 / 1024} MiB", manifest);
        }

        digest ??= manifest.Headers["Docker-Content-Digest"];
        var parsed = ParsedManifest.Read(manifest.Body, manifest.ContentType);
        if (alreadyFetched is null)
        {
            Record(manifest, parsed.Describe());
        }

        if (MediaTypes.IsSchema1(parsed.MediaType))
        {
            return ProbeOutcome.Problem(CauseCode.UnsupportedImageFormat, $"the manifest is Docker image manifest schema 1 ({parsed.MediaType}), which containerd 2.x and current registries no longer pull", manifest) with { Digest = digest, MediaType = parsed.MediaType };
        }

        if (MediaTypes.IsIndex(parsed.MediaType))
        {
            return await CheckIndexAsync(parsed, manifest, digest, cancellationToken);
        }

        return (await CheckImageAsync(parsed, manifest, null, cancellationToken)) with { Digest = digest, MediaType = parsed.MediaType };
    }

    private async Task<ProbeOutcome> CheckIndexAsync(ParsedManifest index, RegistryResponse response, string? digest, CancellationToken cancellationToken)
    {
        var images = index.Children.Where(c => c.Platform is not null && !c.IsAttestation).ToList();
        var platforms = images.Select(c => c.Platform!.ToString()).Distinct(StringComparer.Ordinal).ToList();
        var available = platforms.Take(MaxListedPlatforms).ToList();
        var more = platforms.Count > available.Count ? $" and {platforms.Count - available.Count} more" : string.Empty;
        if (images.Count == 0)
        {
            return ProbeOutcome.Problem(CauseCode.UnsupportedImageFormat, "the index lists no image manifests with a platform", response) with { Digest = digest, MediaType = index.MediaType };
        }

        if (_request.Platform is not { } wanted)
        {
            return ProbeOutcome.Pullable($"{_image.Familiar} is an index for {string.Join(", ", available)}{more}") with { AvailablePlatforms = available, Digest = digest, MediaType = index.MediaType };
        }

        var chosen = images.FirstOrDefault(c => wanted.Accepts(c.Platform!));
        if (chosen is null)
        {
            return ProbeOutcome.Problem(CauseCode.PlatformMismatch, $"{_image.Familiar} has no image for {wanted}; it exists for {string.Join(", ", available)}{more}", response)
                with { AvailablePlatforms = available, Digest = digest, MediaType = index.MediaType };
        }

        var childUri = ManifestUri(chosen.Digest);
        var child = await SendAsync(_auth.Request(HttpMethod.Get, childUri, MediaTypes.ManifestAccept) with { MaxBodyBytes = _options.MaxManifestBytes }, cancellationToken);
        if (!child.IsSuccess)
        {
            Record(child);
            var failure = await ManifestFailureAsync(child, cancellationToken);
            return failure.Cause is CauseCode.TagNotFound or CauseCode.ImageNotFound or CauseCode.RepositoryNotFound
                ? ProbeOutcome.Problem(CauseCode.LayerPullFailed, $"the index names the manifest {chosen.Digest} for {chosen.Platform}, but the registry does not have it ({child.StatusText})", child) with { AvailablePlatforms = available, Digest = digest }
                : failure with { AvailablePlatforms = available, Digest = digest };
        }

        var parsedChild = ParsedManifest.Read(child.Body, child.ContentType);
        Record(child, $"{chosen.Platform}: {parsedChild.Describe()}");
        var outcome = await CheckImageAsync(parsedChild, child, chosen.Platform, cancellationToken);
        return outcome with { AvailablePlatforms = available, Digest = digest, MediaType = index.MediaType };
    }

    private async Task<ProbeOutcome> CheckImageAsync(ParsedManifest manifest, RegistryResponse response, Platform? indexPlatform, CancellationToken cancellationToken)
    {
        if (!MediaTypes.IsImageManifest(manifest.MediaType))
        {
            return ProbeOutcome.Problem(CauseCode.UnsupportedImageFormat, $"the manifest has media type {manifest.MediaType ?? "(none)"}, which is not a container image", response);
        }

        if (manifest.Config is null)
        {
            return ProbeOutcome.Problem(CauseCode.UnsupportedImageFormat, "the image manifest names no config", response);
        }

        if (!MediaTypes.IsImageConfig(manifest.Config.MediaType))
        {
            var artifact = manifest.ArtifactType ?? manifest.Config.MediaType;
            return ProbeOutcome.Problem(CauseCode.UnsupportedImageFormat, $"this is not a container image but an artifact of type {artifact}", response);
        }

        var configUri = BlobUri(manifest.Config.Digest);
        if (_request.Platform is { } wanted && indexPlatform is null)
        {
            var config = await SendAsync(_auth.Request(HttpMethod.Get, configUri) with { MaxBodyBytes = _options.MaxConfigBytes }, cancellationToken);
            if (!config.IsSuccess)
            {
                Record(config);
                return BlobFailure(config, "config", manifest.Config.Digest);
            }

            var platform = ReadConfigPlatform(config.Body);
            Record(config, platform is null ? "image config" : $"image config for {platform}");
            if (platform is not null && !wanted.Accepts(platform))
            {
                return ProbeOutcome.Problem(CauseCode.PlatformMismatch, $"{_image.Familiar} is a single-platform image for {platform}, not {wanted}", response) with { AvailablePlatforms = [platform.ToString()] };
            }
        }
        else
        {
            var failure = await CheckBlobAsync(configUri, "config", manifest.Config.Digest, cancellationToken);
            if (failure is not null)
            {
                return failure;
            }
        }

        foreach (var layer in manifest.Layers.Take(_options.MaxLayersChecked))
        {
            var failure = await CheckBlobAsync(BlobUri(layer), "layer", layer, cancellationToken);
            if (failure is not null)
            {
                return failure;
            }
        }

        var platformText = indexPlatform is not null ? $" for {indexPlatform}" : _request.Platform is { } p ? $" for {p}" : string.Empty;
        return ProbeOutcome.Pullable($"{_image.Familiar} is pullable{platformText}: manifest, config and {Math.Min(manifest.Layers.Count, _options.MaxLayersChecked)} layers are served");
    }

    private async Task<ProbeOutcome?> CheckBlobAsync(Uri uri, string kind, string digest, CancellationToken cancellationToken)
    {
        var response = await SendAsync(_auth.Request(HttpMethod.Head, uri), cancellationToken);
        if (!RegistryTransport.SameOrigin(response.FinalUri, _base))
        {
            // Blob storage behind a redirect (S3, a CDN) often refuses HEAD on URLs signed for GET; its answer proves nothing.
            Record(response, "blob storage after a redirect; not judged");
            return null;
        }

        Record(response);
        return response.IsSuccess ? null : BlobFailure(response, kind, digest);
    }

    private ProbeOutcome BlobFailure(RegistryResponse response, string kind, string digest) => response.Status switch
    {
        429 => RateLimited(response),
        >= 500 => ProbeOutcome.Problem(CauseCode.RegistryServerError, $"the registry answered {response.StatusText} for the {kind} blob {digest}", response),
        _ => ProbeOutcome.Problem(CauseCode.LayerPullFailed, $"the manifest resolves, but the {kind} blob {digest} is not served ({response.StatusText}{Said(response)})", response),
    };

    private async Task<RegistryResponse> SendAsync(RegistryRequest request, CancellationToken cancellationToken, bool retryOnChallenge = true)
    {
        var response = await _transport.SendAsync(request, cancellationToken);
        _auth.Observe(response);
        if (retryOnChallenge && response.Status == 401 && !_auth.Authenticated && response.Headers.All("WWW-Authenticate").Count > 0)
        {
            // The API root let us in anonymously but this resource wants auth: authenticate as challenged, then retry once.
            Record(response);
            var failure = await _auth.AuthenticateAsync(WwwAuthenticateParser.Parse(response.Headers.All("WWW-Authenticate")), _base, cancellationToken);
            if (failure is not null || !_auth.Authenticated)
            {
                return response;
            }

            response = await _transport.SendAsync(_auth.Request(request.Method, request.Uri, request.Accept) with { MaxBodyBytes = request.MaxBodyBytes }, cancellationToken);
            _auth.Observe(response);
        }

        return response;
    }

    private ProbeOutcome Outcome(AuthFailure failure) =>
        failure.Cause is null
            ? new ProbeOutcome(ProbeVerdict.Inconclusive, null, failure.Detail) { RefusedByPolicy = true }
            : failure.Cause == CauseCode.RateLimited && failure.Response is not null
                ? RateLimited(failure.Response)
                : ProbeOutcome.Problem(failure.Cause.Value, failure.Detail, failure.Response);

    private ProbeOutcome RateLimited(RegistryResponse response) =>
        ProbeOutcome.Problem(CauseCode.RateLimited, $"the registry answered {response.StatusText}: too many requests{Said(response)}", response);

    private void Record(RegistryResponse response, string? note = null) => _transport.Steps.Add(new ProbeStep(response.Asked, Answer.Describe(response, _transport, note)));

    private Uri ManifestUri(string reference) => new(_base, $"v2/{_image.Path}/manifests/{reference}");

    private Uri BlobUri(string digest) => new(_base, $"v2/{_image.Path}/blobs/{digest}");

    // The registry's own words only when they are a distribution error (already bounded and scrubbed); anything
    // else an HTTP server said is summarised.
    private static string Said(RegistryResponse response) =>
        response.Error is { } error ? $": {error}" : $": {response.Summary}";

    // Go's net/http and nginx answer an HTTP request on a TLS port with a 400 that says so.
    private static bool SpeaksTlsOnly(RegistryResponse response)
    {
        if (response.Status != 400)
        {
            return false;
        }

        var body = Encoding.UTF8.GetString(response.Body);
        return body.Contains("HTTP request to an HTTPS server", StringComparison.OrdinalIgnoreCase)
            || body.Contains("plain HTTP request was sent to HTTPS port", StringComparison.OrdinalIgnoreCase);
    }

    private static Platform? ReadConfigPlatform(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object
                && root.TryGetProperty("os", out var os) && os.ValueKind == JsonValueKind.String
                && root.TryGetProperty("architecture", out var arch) && arch.ValueKind == JsonValueKind.String
                && !string.IsNullOrWhiteSpace(os.GetString()) && !string.IsNullOrWhiteSpace(arch.GetString()))
            {
                var variant = root.TryGetProperty("variant", out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
                return Platform.TryCreate(os.GetString(), arch.GetString(), variant, out var platform) ? platform : null;
            }
        }
        catch (JsonException)
        {
            // A config that does not parse has no platform to check.
        }

        return null;
    }

    public void Dispose() => _transport.Dispose();
}
