namespace PullDoctor.Operator.Reconciliation;

/// <summary>Enough of a pod to point an Event or an owner reference at it.</summary>
public sealed record PodIdentity(string Namespace, string Name, string Uid);
