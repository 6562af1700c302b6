using PullDoctor.Core.Classification;
using PullDoctor.Core.Registries;
using PullDoctor.Registry.Probe;

namespace PullDoctor.Diagnosis;

/// <summary>What <see cref="DecisionRules.Decide"/> weighs for one container.</summary>
public sealed record DecisionInput
{
    /// <summary>The reading of the kubelet's and runtime's messages (after <see cref="DecisionRules.RefineBySecrets"/>).</summary>
    public required Classification FromMessages { get; init; }

    /// <summary>The registry probe's result, or null when the registry was not asked or has not answered.</summary>
    public ProbeResult? Probe { get; init; }

    /// <summary>Why the probe said nothing about the image, as the probe stage saw it.</summary>
    public ProbeGap? Gap { get; init; }

    /// <summary>The effective pull secrets of the image and their states.</summary>
    public IReadOnlyList<EffectivePullSecret> PullSecrets { get; init; } = [];

    /// <summary>True when a pull secret offered a credential for the image's registry (the probe sent it).</summary>
    public bool CredentialOffered { get; init; }

    /// <summary>True when the pod has pull secrets whose content was not read (reading secrets is switched off).</summary>
    public bool PullSecretsUnread { get; init; }

    /// <summary>The pod sandbox image: the node's runtime pulls it with its own configuration.</summary>
    public bool IsSandbox { get; init; }

    /// <summary>The registry, known by the image's host or by the probe's answer.</summary>
    public RegistryMatch? Registry { get; init; }
}
