using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using PullDoctor.Registry.Probe;

namespace PullDoctor.Registry.Caching;

/// <summary>
/// At most N probes in flight per registry host, the rest queued oldest first up to a limit; beyond it the probe
/// is not made and the result says so (Inconclusive), so one slow registry cannot absorb the operator.
/// </summary>
public sealed class ConcurrencyLimitedRegistryProbe : IRegistryProbe, IDisposable
{
    private const int MaxRegistries = 1024;
    private readonly IRegistryProbe _inner;
    private readonly int _permitsPerRegistry;
    private readonly int _queueLimitPerRegistry;
    private readonly TimeProvider _timeProvider;
    private readonly ConcurrentDictionary<string, ConcurrencyLimiter> _limiters = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrencyLimiter _overflow;

    public ConcurrencyLimitedRegistryProbe(IRegistryProbe inner, int permitsPerRegistry = 4, int queueLimitPerRegistry = 1000, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentOutOfRangeException.ThrowIfLessThan(permitsPerRegistry, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(queueLimitPerRegistry);
        _inner = inner;
        _permitsPerRegistry = permitsPerRegistry;
        _queueLimitPerRegistry = queueLimitPerRegistry;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _overflow = Create();
    }

    public async Task<ProbeResult> ProbeAsync(ProbeRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var host = request.Image.RegistryHost;
        var limiter = _limiters.Count < MaxRegistries || _limiters.ContainsKey(host) ? _limiters.GetOrAdd(host, _ => Create()) : _overflow;
        using var lease = await limiter.AcquireAsync(1, cancellationToken);
        if (!lease.IsAcquired)
        {
            return new ProbeResult
            {
                Verdict = ProbeVerdict.Inconclusive,
                Reference = request.Image.Normalized,
                RegistryHost = host,
                CheckedAt = _timeProvider.GetUtcNow(),
                Detail = $"not probed: more than {_queueLimitPerRegistry} probes are already waiting for {host}",
            };
        }

        return await _inner.ProbeAsync(request, cancellationToken);
    }

    private ConcurrencyLimiter Create() => new(new ConcurrencyLimiterOptions
    {
        PermitLimit = _permitsPerRegistry,
        QueueLimit = _queueLimitPerRegistry,
        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
    });

    public void Dispose()
    {
        foreach (var limiter in _limiters.Values)
        {
            limiter.Dispose();
        }

        _overflow.Dispose();
    }
}
