using PullDoctor.Core.Causes;
using PullDoctor.Registry.Probe;

namespace PullDoctor.Registry.Tests.Caching;

/// <summary>An inner probe that counts calls and can be held open until released.</summary>
internal sealed class CountingProbe(TimeProvider time) : IRegistryProbe
{
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _calls;
    private int _inFlight;
    private int _maxInFlight;

    public bool Hold { get; init; }

    public Func<ProbeRequest, ProbeResult>? Answer { get; init; }

    public Exception? Throw { get; set; }

    public int Calls => Volatile.Read(ref _calls);

    public int MaxInFlight => Volatile.Read(ref _maxInFlight);

    public void Release() => _release.TrySetResult();

    public async Task<ProbeResult> ProbeAsync(ProbeRequest request, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _calls);
        var now = Interlocked.Increment(ref _inFlight);
        int seen;
        while ((seen = Volatile.Read(ref _maxInFlight)) < now && Interlocked.CompareExchange(ref _maxInFlight, now, seen) != seen)
        {
        }

        try
        {
            if (Hold)
            {
                await _release.Task.WaitAsync(cancellationToken);
            }
            else
            {
                await Task.Yield();
            }

            if (Throw is { } ex)
            {
                throw ex;
            }

            return Answer?.Invoke(request) ?? new ProbeResult
            {
                Verdict = ProbeVerdict.Problem,
                Cause = CauseCode.TagNotFound,
                Reference = request.Image.Normalized,
                RegistryHost = request.Image.RegistryHost,
                CheckedAt = time.GetUtcNow(),
                Detail = "tag missing",
            };
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }
}
