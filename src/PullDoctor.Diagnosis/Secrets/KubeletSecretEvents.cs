using PullDoctor.Core.Causes;
using PullDoctor.Core.Classification;
using PullDoctor.Core.Remediation;

namespace PullDoctor.Diagnosis;

/// <summary>
/// What the kubelet's <c>FailedToRetrieveImagePullSecret</c> Events say about a pod's pull secrets: the names it
/// could not retrieve. Evidence of the secrets' state where they are not (or cannot be) read.
/// </summary>
public static class KubeletSecretEvents
{
    public static HashSet<string> MissingNames(IEnumerable<ObservedEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var e in events)
        {
            if (e.Reason == ImagePullEventReasons.FailedToRetrieveImagePullSecret)
            {
                var classification = MessageClassifier.Classify(e.Message, e.Reason);
                if (classification.Cause == CauseCode.PullSecretMissing)
                {
                    names.UnionWith(classification.Facts.SecretNames);
                }
            }
        }

        return names;
    }

    /// <summary>The pull secrets the Events report missing, as states, for a reading that has no other (explain).</summary>
    public static IReadOnlyList<EffectivePullSecret> AsStates(IEnumerable<ObservedEvent> events) =>
        [.. MissingNames(events).Order(StringComparer.Ordinal).Select(name => new EffectivePullSecret(name, PullSecretSource.Pod, PullSecretState.Missing, "the kubelet reported it could not retrieve it"))];
}
