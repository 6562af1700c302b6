using k8s;
using k8s.Models;

namespace PullDoctor.Operator.Events;

/// <summary>Writes through the events.k8s.io/v1 API.</summary>
internal sealed class KubernetesEventSink(IKubernetes client) : IEventSink
{
    public Task CreateAsync(Eventsv1Event body, CancellationToken cancellationToken) =>
        client.EventsV1.CreateNamespacedEventAsync(body, body.Metadata.NamespaceProperty, cancellationToken: cancellationToken);

    public Task PatchSeriesAsync(string @namespace, string name, Eventsv1EventSeries series, CancellationToken cancellationToken) =>
        client.EventsV1.PatchNamespacedEventAsync(
            new V1Patch(new Eventsv1Event { Series = series }, V1Patch.PatchType.MergePatch),
            name,
            @namespace,
            cancellationToken: cancellationToken);
}
