using System.Collections.Concurrent;
using System.Security.Cryptography;
using PullDoctor.Core.Causes;
using PullDoctor.Registry.Probe;

namespace PullDoctor.Registry.Caching;

/// <summary>
/// Shares probe results per (normalized reference, credential fingerprint, platform) for a TTL that depends on the
/// outcome, and runs one probe for any number of concurrent identical requests (single flight): a thousand pods of
/// one bad image cost one probe. The shared probe runs on the cache's lifetime, so one caller giving up does not
/// cancel it for the others. Bounded: beyond <see cref="RegistryProbeCacheOptions.MaxEntries"/> the entries that
/// expire first are dropped.
/// </summary>
public sealed class CachingRegistryProbe : IRegistryProbe, IDisposable
{
    private readonly IRegistryProbe _inner;
    private readonly RegistryProbeCacheOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ConcurrentDictionary<ProbeCacheKey, Entry> _entries = new();
    private readonly byte[] _fingerprintKey = RandomNumberGenerator.GetBytes(32);
    private readonly CancellationTokenSource _lifetime = new();
    private int _evicting;

    public CachingRegistryProbe(IRegistryProbe inner, RegistryProbeCacheOptions? options = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(inner);
        _inner = inner;
        _options = options ?? new RegistryProbeCacheOptions();
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Entries held, completed or in flight.</summary>
    public int Count => _entries.Count;

    public async Task<ProbeResult> ProbeAsync(ProbeRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var key = new ProbeCacheKey(request.Image.Normalized, request.Credential?.Fingerprint(_fingerprintKey) ?? string.Empty, request.Platform?.ToString() ?? string.Empty);
        while (true)
        {
            var candidate = new Entry();
            var entry = _entries.GetOrAdd(key, candidate);
            var owner = ReferenceEquals(entry, candidate);
            if (owner)
            {
                _ = RunAsync(key, entry, request);
                EvictIfFull();
            }

            var task = entry.Task;
            if (task.IsCompletedSuccessfully && entry.ExpiresAt <= _timeProvider.GetUtcNow())
            {
                _entries.TryRemove(new KeyValuePair<ProbeCacheKey, Entry>(key, entry));
                continue;
            }

            var result = await task.WaitAsync(cancellationToken);
            return owner ? result : result with { FromCache = true };
        }
    }

    /// <summary>Forgets everything, e.g. after a pull secret changed in a way the fingerprint cannot see.</summary>
    public void Clear() => _entries.Clear();

    private async Task RunAsync(ProbeCacheKey key, Entry entry, ProbeRequest request)
    {
        try
        {
            var result = await _inner.ProbeAsync(request, _lifetime.Token);
            entry.ExpiresAt = _timeProvider.GetUtcNow() + TimeToLive(result);
            entry.Completion.TrySetResult(result);
        }
        catch (Exception ex)
        {
            // A failed probe is not cached: the next caller asks again.
            _entries.TryRemove(new KeyValuePair<ProbeCacheKey, Entry>(key, entry));
            entry.Completion.TrySetException(ex);
        }
    }

    private TimeSpan TimeToLive(ProbeResult result) => result.Verdict switch
    {
        ProbeVerdict.Pullable => _options.PullableTtl,
        ProbeVerdict.Inconclusive => _options.TransientTtl,
        _ => result.Cause switch
        {
            CauseCode.RateLimited => result.RateLimit?.RetryAfter is { } after && after > _options.TransientTtl
                ? (after < _options.MaxRateLimitedTtl ? after : _options.MaxRateLimitedTtl)
                : _options.TransientTtl,
            CauseCode.NetworkTimeout or CauseCode.ConnectionRefused or CauseCode.DnsResolutionFailed or CauseCode.RegistryServerError or CauseCode.Unknown => _options.TransientTtl,
            _ => _options.ProblemTtl,
        },
    };

    private void EvictIfFull()
    {
        if (_entries.Count <= _options.MaxEntries || Interlocked.Exchange(ref _evicting, 1) == 1)
        {
            return;
        }

        try
        {
            var now = _timeProvider.GetUtcNow();
            var target = Math.Max(0, _options.MaxEntries * 9 / 10);
            var completed = _entries.Where(e => e.Value.Task.IsCompleted).OrderBy(e => e.Value.ExpiresAt ?? now).ToList();
            foreach (var victim in completed)
            {
                if (_entries.Count <= target && (victim.Value.ExpiresAt ?? now) > now)
                {
                    break;
                }

                _entries.TryRemove(victim);
            }
        }
        finally
        {
            Volatile.Write(ref _evicting, 0);
        }
    }

    public void Dispose()
    {
        _lifetime.Cancel();
        _lifetime.Dispose();
    }

    private sealed class Entry
    {
        public TaskCompletionSource<ProbeResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<ProbeResult> Task => Completion.Task;

        public DateTimeOffset? ExpiresAt { get; set; }
    }
}
