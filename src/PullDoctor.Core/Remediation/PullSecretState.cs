namespace PullDoctor.Core.Remediation;

/// <summary>What became of one effective imagePullSecret (SPEC §2 <c>pullSecrets[].state</c>).</summary>
public enum PullSecretState
{
    Found = 0,
    Missing,
    Invalid,
    NoEntryForRegistry,
}
