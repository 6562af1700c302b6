using k8s.Models;

namespace PullDoctor.Operator.Events;

/// <summary>
/// Records events.k8s.io/v1 Events about objects. Fire-and-forget: it never blocks and never throws, so a
/// failing or rate-limited Event can never fail a reconcile. Repeats become a series on one Event.
/// </summary>
internal interface IEventRecorder
{
    /// <param name="regarding">The object the event is about (e.g. <c>ObjectReferences.For(pod)</c>); its namespace is the event's.</param>
    /// <param name="type"><see cref="EventTypes.Normal"/> or <see cref="EventTypes.Warning"/>.</param>
    /// <param name="reason">CamelCase, machine-readable (for PullDoctor the cause code), at most 128 characters.</param>
    /// <param name="action">What was done or failed, e.g. "Diagnose", at most 128 characters.</param>
    /// <param name="note">Human-readable text, truncated to 1 kB; not part of the identity of a series.</param>
    /// <param name="related">An optional second object.</param>
    void Record(V1ObjectReference regarding, string type, string reason, string action, string note, V1ObjectReference? related = null);
}
