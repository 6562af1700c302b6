using System.Collections.Concurrent;
using k8s.Models;
using PullDoctor.Operator.Events;

namespace PullDoctor.Operator.Tests.Events;

/// <summary>Keeps what the recorder writes; can be told to fail or to block.</summary>
internal sealed class FakeEventSink : IEventSink
{
    public ConcurrentQueue<Eventsv1Event> Created { get; } = new();

    public ConcurrentQueue<(string Namespace, string Name, Eventsv1EventSeries Series)> Patches { get; } = new();

    public Func<Exception?> FailWith { get; set; } = () => null;

    public Task Gate { get; set; } = Task.CompletedTask;

    public int Calls;

    public async Task CreateAsync(Eventsv1Event body, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref Calls);
        await Gate.WaitAsync(cancellationToken);
        if (FailWith() is { } error)
            throw error;
        Created.Enqueue(body);
    }

    public async Task PatchSeriesAsync(string @namespace, string name, Eventsv1EventSeries series, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref Calls);
        await Gate.WaitAsync(cancellationToken);
        if (FailWith() is { } error)
            throw error;
        Patches.Enqueue((@namespace, name, series));
    }
}
