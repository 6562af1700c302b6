using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PullDoctor.Core.Causes;
using PullDoctor.Registry.Network;

namespace PullDoctor.Registry.Probe;

/// <summary>
/// The registry probe: one <see cref="ProbeSession"/> per call, bounded by <see cref="RegistryProbeOptions.ProbeTimeout"/>,
/// its result scrubbed of every secret form it knows. Wrap it in <see cref="Caching.CachingRegistryProbe"/> and
/// <see cref="Caching.ConcurrencyLimitedRegistryProbe"/> to share results and bound load.
/// </summary>
public sealed partial class RegistryProbe : IRegistryProbe
{
    private readonly RegistryProbeOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly IHostResolver _resolver;
    private readonly ILogger _logger;

    public RegistryProbe(RegistryProbeOptions options, TimeProvider? timeProvider = null, IHostResolver? resolver = null, ILogger<RegistryProbe>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _resolver = resolver ?? SystemHostResolver.Instance;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    public async Task<ProbeResult> ProbeAsync(ProbeRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var checkedAt = _timeProvider.GetUtcNow();
        var started = _timeProvider.GetTimestamp();
        var scrubber = new SecretScrubber();
        scrubber.AddRange(request.Credential?.SecretForms() ?? []);

        using var session = new ProbeSession(request, _options, _resolver, _timeProvider, scrubber);
        using var overall = new CancellationTokenSource(_options.ProbeTimeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(overall.Token, cancellationToken);
        ProbeOutcome outcome;
        try
        {
            outcome = await session.RunAsync(linked.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            outcome = ProbeOutcome.Problem(CauseCode.NetworkTimeout, $"the probe did not finish within {_options.ProbeTimeout.TotalSeconds:0.###} s");
        }

        var decisive = outcome.Decisive;
        var result = new ProbeResult
        {
            Verdict = outcome.Verdict,
            Cause = outcome.Cause,
            Reference = request.Image.Normalized,
            RegistryHost = request.Image.RegistryHost,
            HttpStatus = decisive?.Status,
            CheckedAt = checkedAt,
            Duration = _timeProvider.GetElapsedTime(started),
            Detail = scrubber.Scrub(outcome.Detail),
            Steps = session.Steps.Select(s => s with { Request = scrubber.Scrub(s.Request), Answer = scrubber.Scrub(s.Answer) }).ToList(),
            // Already bounded and scrubbed when read (scrubbing before any cut); scrubbed again for tokens learnt later.
            RegistryErrorCode = decisive?.Error?.Code is { Length: > 0 } code ? scrubber.Scrub(code) : null,
            RegistryMessage = scrubber.ScrubOrNull(decisive?.Error?.Message),
            SuggestedTags = [.. outcome.SuggestedTags.Where(t => !scrubber.Reveals(t))],
            AvailablePlatforms = [.. outcome.AvailablePlatforms.Where(p => !scrubber.Reveals(p))],
            Platform = request.Platform?.ToString(),
            Digest = scrubber.ScrubOrNull(outcome.Digest),
            MediaType = scrubber.ScrubOrNull(outcome.MediaType),
            TagCount = outcome.TagCount,
            RateLimit = decisive is { Status: 429 } ? Http.RateLimitInfo.From(decisive.Headers, checkedAt) : null,
            TlsProblem = outcome.TlsProblem,
            DnsName = outcome.DnsName,
            RefusedByPolicy = outcome.RefusedByPolicy,
            CredentialsSent = session.CredentialsSent,
            Registry = Recognise(request.Image.RegistryHost, session.Challenge),
        };

        LogProbed(_logger, result.Reference, result.RegistryHost, result.Verdict, result.Cause, result.HttpStatus, (long)result.Duration.TotalMilliseconds);
        return result;
    }

    // By its answer first (a mirror or a recording answers as the registry behind it), then by its host.
    private static Core.Registries.RegistryMatch? Recognise(string host, Http.AuthChallenge? challenge) =>
        (challenge is null ? null : Core.Registries.RegistryCatalog.ByChallenge(host, challenge.Scheme, challenge["realm"], challenge["service"]))
        ?? Core.Registries.RegistryCatalog.ByHost(host);

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Probed {Reference} on {RegistryHost}: {Verdict} {Cause} (HTTP {HttpStatus}) in {DurationMs} ms")]
    private static partial void LogProbed(ILogger logger, string reference, string registryHost, ProbeVerdict verdict, CauseCode? cause, int? httpStatus, long durationMs);
}
