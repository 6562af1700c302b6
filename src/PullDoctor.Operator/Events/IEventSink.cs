using k8s.Models;

namespace PullDoctor.Operator.Events;

/// <summary>Where the recorder writes; the API server in production, a fake in unit tests.</summary>
internal interface IEventSink
{
    Task CreateAsync(Eventsv1Event body, CancellationToken cancellationToken);

    /// <summary>Merge-patches <c>series</c> of an existing event.</summary>
    Task PatchSeriesAsync(string @namespace, string name, Eventsv1EventSeries series, CancellationToken cancellationToken);
}
