using k8s.Models;
using PullDoctor.Operator.Events;

namespace PullDoctor.Operator.Tests.Support;

internal sealed class RecordingEventRecorder : IEventRecorder
{
    public List<(V1ObjectReference Regarding, string Type, string Reason, string Action, string Note)> Events { get; } = [];

    public void Record(V1ObjectReference regarding, string type, string reason, string action, string note, V1ObjectReference? related = null)
    {
        lock (Events)
        {
            Events.Add((regarding, type, reason, action, note));
        }
    }
}
