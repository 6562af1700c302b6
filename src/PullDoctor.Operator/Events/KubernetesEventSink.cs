using k8s;
using k8s.Models;

namespace PullDoctor.Operator.Events;

/// <summary>
/// Writes through the core/v1 Events API, as the kubelet does, so PullDoctor's Events carry <c>firstTimestamp</c>,
/// <c>lastTimestamp</c> and <c>count</c> beside the events.k8s.io fields (eventTime, series, action, reporting
/// controller and instance): <c>kubectl get events --sort-by=.lastTimestamp</c> then sorts them among the kubelet's.
/// events.k8s.io/v1 cannot carry them: its validation requires <c>deprecatedFirstTimestamp</c>,
/// <c>deprecatedLastTimestamp</c> and <c>deprecatedCount</c> to be unset on create.
/// </summary>
internal sealed class KubernetesEventSink(IKubernetes client) : IEventSink
{
    public Task CreateAsync(Eventsv1Event body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        return client.CoreV1.CreateNamespacedEventAsync(ToCore(body), body.Metadata.NamespaceProperty, cancellationToken: cancellationToken);
    }

    public Task PatchSeriesAsync(string @namespace, string name, Eventsv1EventSeries series, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(series);
        var patch = new Corev1Event
        {
            Count = series.Count,
            LastTimestamp = series.LastObservedTime,
            Series = new Corev1EventSeries { Count = series.Count, LastObservedTime = series.LastObservedTime },
        };
        return client.CoreV1.PatchNamespacedEventAsync(new V1Patch(patch, V1Patch.PatchType.MergePatch), name, @namespace, cancellationToken: cancellationToken);
    }

    /// <summary>The core/v1 form of a new Event: first and last seen when it happened, count 1.</summary>
    internal static Corev1Event ToCore(Eventsv1Event body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var at = body.EventTime ?? DateTime.UtcNow;
        return new Corev1Event
        {
            ApiVersion = "v1",
            Kind = "Event",
            Metadata = body.Metadata,
            InvolvedObject = body.Regarding,
            Related = body.Related,
            Type = body.Type,
            Reason = body.Reason,
            Action = body.Action,
            Message = body.Note,
            Source = new V1EventSource { Component = body.ReportingController },
            FirstTimestamp = at,
            LastTimestamp = at,
            Count = 1,
            EventTime = body.EventTime,
            ReportingComponent = body.ReportingController,
            ReportingInstance = body.ReportingInstance,
        };
    }
}
