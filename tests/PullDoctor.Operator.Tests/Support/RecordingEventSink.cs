using PullDoctor.Operator.Reconciliation;

namespace PullDoctor.Operator.Tests.Support;

internal sealed class RecordingEventSink : IPodEventSink
{
    public List<(PodIdentity Pod, string Type, string Reason, string Note)> Events { get; } = [];

    public void Post(PodIdentity pod, string type, string reason, string note)
    {
        lock (Events)
        {
            Events.Add((pod, type, reason, note));
        }
    }
}
