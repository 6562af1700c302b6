using PullDoctor.Diagnosis;
using k8s.Models;
using PullDoctor.Core.Classification;
using PullDoctor.Operator.Diagnosis;
using PullDoctor.Operator.Informers;

namespace PullDoctor.Operator.Caching;

/// <summary>
/// An <see cref="IClusterReader"/> whose pod Events come from the pull-Event informers' index by pod uid (and the
/// sandbox-pull informers), not from a list per reconcile: a kubelet retry then costs no request. Every other read
/// passes through to <paramref name="inner"/> (the resolvers cache those by TTL).
/// </summary>
internal sealed class CachingClusterReader(
    IClusterReader inner,
    IReadOnlyList<Informer<Corev1Event, PodPullEvent>> pullEvents,
    IObjectStore<SandboxPullEvent>? sandboxEvents) : IClusterReader
{
    public Task<IReadOnlyList<ObservedEvent>> ListPodEventsAsync(string namespaceName, string podUid, CancellationToken cancellationToken)
    {
        // The same grammar check as the live read: an invalid uid never matches anything, and is reported the same way.
        Kube.InvalidObjectNameException.RequireNamespace(namespaceName);
        Kube.InvalidObjectNameException.RequireUid(podUid);
        var events = new List<ObservedEvent>();
        foreach (var informer in pullEvents)
        {
            foreach (var e in informer.ByIndex(podUid))
            {
                if (e.Namespace == namespaceName)
                    events.Add(e.ToObserved());
            }
        }

        if (sandboxEvents is not null)
        {
            foreach (var (_, e) in sandboxEvents.List())
            {
                if (e.PodUid == podUid && e.Namespace == namespaceName)
                    events.Add(new ObservedEvent(SandboxEvents.Reason, e.Message, e.LastSeen) { FirstSeen = e.FirstSeen ?? e.LastSeen });
            }
        }

        return Task.FromResult<IReadOnlyList<ObservedEvent>>(events);
    }

    public Task<V1Pod?> GetPodAsync(string namespaceName, string name, CancellationToken cancellationToken) =>
        inner.GetPodAsync(namespaceName, name, cancellationToken);

    public Task<IReadOnlyList<string>?> GetServiceAccountPullSecretsAsync(string namespaceName, string name, CancellationToken cancellationToken) =>
        inner.GetServiceAccountPullSecretsAsync(namespaceName, name, cancellationToken);

    public Task<SecretContent?> GetSecretAsync(string namespaceName, string name, CancellationToken cancellationToken) =>
        inner.GetSecretAsync(namespaceName, name, cancellationToken);

    public Task<IReadOnlyDictionary<string, string>?> GetNodeLabelsAsync(string name, CancellationToken cancellationToken) =>
        inner.GetNodeLabelsAsync(name, cancellationToken);

    public Task<IReadOnlyList<ReplicaSetSummary>> ListReplicaSetsAsync(string namespaceName, CancellationToken cancellationToken) =>
        inner.ListReplicaSetsAsync(namespaceName, cancellationToken);

    public Task<IReadOnlyList<PodOwner>?> GetOwnersOfAsync(string namespaceName, string kind, string name, CancellationToken cancellationToken) =>
        inner.GetOwnersOfAsync(namespaceName, kind, name, cancellationToken);
}
