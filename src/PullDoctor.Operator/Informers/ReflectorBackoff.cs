namespace PullDoctor.Operator.Informers;

/// <summary>
/// client-go's reflector back-off (ExponentialBackoffManager): doubles from initial to max with jitter factor
/// 1.0, and starts over after a quiet period without failures.
/// </summary>
internal sealed class ReflectorBackoff
{
    private readonly TimeSpan _initial;
    private readonly TimeSpan _max;
    private readonly TimeSpan _resetAfter;
    private readonly TimeProvider _time;
    private readonly Func<double> _random;
    private TimeSpan _current;
    private DateTimeOffset _lastFailure = DateTimeOffset.MinValue;

    public ReflectorBackoff(TimeSpan initial, TimeSpan max, TimeSpan resetAfter, TimeProvider time, Func<double>? random = null)
    {
        _initial = initial;
        _max = max;
        _resetAfter = resetAfter;
        _time = time;
        _random = random ?? Random.Shared.NextDouble;
        _current = initial;
    }

    /// <summary>Records a failure and returns how long to wait before the next attempt.</summary>
    public TimeSpan Next()
    {
        var now = _time.GetUtcNow();
        if (_lastFailure != DateTimeOffset.MinValue && now - _lastFailure > _resetAfter)
            _current = _initial;
        _lastFailure = now;

        var delay = _current;
        var doubled = _current * 2;
        _current = doubled > _max ? _max : doubled;
        return delay + (delay * _random());
    }
}
