namespace PullDoctor.Core.Remediation;

/// <summary>Where an effective imagePullSecret is referenced from.</summary>
public enum PullSecretSource
{
    Pod = 0,
    ServiceAccount,
}
