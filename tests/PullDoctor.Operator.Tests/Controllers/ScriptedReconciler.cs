using System.Collections.Concurrent;
using System.Threading.Channels;
using PullDoctor.Operator.Controllers;

namespace PullDoctor.Operator.Tests.Controllers;

/// <summary>A reconciler whose every call runs a test-supplied step and is announced on a channel.</summary>
internal sealed class ScriptedReconciler : IReconciler<string>
{
    private readonly Channel<string> _calls = Channel.CreateUnbounded<string>();
    private int _concurrent;

    public Func<string, CancellationToken, Task<ReconcileResult>> Step { get; set; } = (_, _) => Task.FromResult(ReconcileResult.Done);

    public ConcurrentDictionary<string, int> Calls { get; } = new();

    public int MaxConcurrentPerKeyViolations { get; private set; }

    private readonly ConcurrentDictionary<string, int> _inFlight = new();

    public int MaxConcurrent { get; private set; }

    public async Task<ReconcileResult> ReconcileAsync(string key, CancellationToken cancellationToken)
    {
        Calls.AddOrUpdate(key, 1, (_, n) => n + 1);
        if (_inFlight.AddOrUpdate(key, 1, (_, n) => n + 1) > 1)
            MaxConcurrentPerKeyViolations++;
        var now = Interlocked.Increment(ref _concurrent);
        MaxConcurrent = Math.Max(MaxConcurrent, now);
        _calls.Writer.TryWrite(key);
        try
        {
            return await Step(key, cancellationToken);
        }
        finally
        {
            Interlocked.Decrement(ref _concurrent);
            _inFlight.AddOrUpdate(key, 0, (_, n) => n - 1);
        }
    }

    public async Task<string> NextCallAsync() => await _calls.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
}
