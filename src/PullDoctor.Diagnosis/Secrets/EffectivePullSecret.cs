using PullDoctor.Core.Remediation;

namespace PullDoctor.Diagnosis;

/// <summary>
/// One effective imagePullSecret of a container's pod. <paramref name="State"/> is null when it is not known
/// (reading secrets is switched off and no Event said it is missing).
/// </summary>
public sealed record EffectivePullSecret(string Name, PullSecretSource Source, PullSecretState? State, string? Detail = null)
{
    public PullSecretStatus? ToStatus() => State is { } state ? new PullSecretStatus(Name, Source, state, Detail) : null;
}
