using PullDoctor.Core.Causes;
using PullDoctor.Core.Classification;
using PullDoctor.Core.Remediation;

namespace PullDoctor.Operator.Diagnosis;

/// <summary>
/// When the registry asked for credentials, the pod's pull secrets usually say why none were sent: one is
/// missing, or none has an entry for the image's registry. That is the root cause a person fixes. Pure.
/// </summary>
public static class SecretRules
{
    public static Classification Refine(Classification classification, IReadOnlyList<EffectivePullSecret> secrets)
    {
        ArgumentNullException.ThrowIfNull(classification);
        ArgumentNullException.ThrowIfNull(secrets);
        if (classification.Cause is not (CauseCode.AuthenticationRequired or CauseCode.RepositoryNotFoundOrPrivate) || secrets.Count == 0)
        {
            return classification;
        }

        if (secrets.Any(s => s.State == PullSecretState.Found) || secrets.Any(s => s.State is null))
        {
            return classification;
        }

        var missing = secrets.Where(s => s.State == PullSecretState.Missing).Select(s => s.Name).ToArray();
        if (missing.Length > 0)
        {
            return classification with
            {
                Cause = CauseCode.PullSecretMissing,
                RuleId = "secret-missing-then-" + classification.RuleId,
                Facts = classification.Facts with { SecretNames = missing },
            };
        }

        return classification with
        {
            Cause = CauseCode.PullSecretInvalid,
            RuleId = "secret-unusable-then-" + classification.RuleId,
            Facts = classification.Facts with { SecretNames = secrets.Select(s => s.Name).ToArray() },
        };
    }
}
