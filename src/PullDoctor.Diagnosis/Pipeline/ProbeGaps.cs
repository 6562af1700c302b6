using System.Globalization;
using PullDoctor.Core.Causes;
using PullDoctor.Registry.Probe;

namespace PullDoctor.Diagnosis;

/// <summary>
/// Why the registry probe said nothing about the image, in words a person can act on (the setting to change, when
/// one would let the probe answer). Null when the probe answered about the image, or when probing cannot tell
/// anything about the cause (node-only causes are never probed, and that is no gap).
/// </summary>
public static class ProbeGaps
{
    /// <summary>Probing is switched off.</summary>
    public static ProbeGap Off(ProbeSettingNames settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new ProbeGap($"not probed: registry probing is off ({settings.ProbeOff})", NotAsked: true);
    }

    /// <summary>The probe outlasted the analysis' wait; the diagnosis is looked at again when it answers.</summary>
    public static ProbeGap NotYet(TimeSpan wait, ProbeSettingNames settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new ProbeGap(string.Create(CultureInfo.InvariantCulture, $"the registry has not answered within {wait.TotalSeconds:0.###}s ({settings.ProbeWait}); updated when it does"));
    }

    /// <summary>The node authenticates with credentials the operator does not have; the probe was anonymous.</summary>
    public static ProbeGap NodeCredentials(Core.Registries.RegistryProfile registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return new ProbeGap($"the node's credentials for {registry.Name} ({registry.NodeCredentials ?? "its own"}) could not be checked from the operator: the probe was anonymous");
    }

    /// <summary>What an answer that is not about the image means, or null when the probe answered about the image.</summary>
    public static ProbeGap? Of(ProbeResult probe, ProbeSettingNames settings)
    {
        ArgumentNullException.ThrowIfNull(probe);
        ArgumentNullException.ThrowIfNull(settings);
        var detail = probe.Detail.TrimEnd('.', ' ');
        if (probe.Verdict == ProbeVerdict.Inconclusive)
        {
            return new ProbeGap(probe.RefusedByPolicy
                ? $"not probed: {detail}; to let PullDoctor probe it, add its network to {settings.AllowNetworks}"
                : $"not probed: {detail}");
        }

        if (probe.Verdict == ProbeVerdict.Problem && probe.Cause is { } cause && !DecisionRules.IsRegistryAnswer(cause))
        {
            // The operator's own path to the registry failed (refused, timed out, 5xx, rate limited): that says
            // nothing about the image, and the node's path may differ.
            return new ProbeGap($"the probe got no answer about the image from {probe.RegistryHost} ({cause}: {detail})");
        }

        return null;
    }
}
