namespace PullDoctor.Core.Causes;

/// <summary>How sure a diagnosis is (SPEC §3 confidence rules).</summary>
public enum Confidence
{
    /// <summary>Inferred from kubelet or runtime messages alone.</summary>
    Likely = 0,

    /// <summary>A registry probe observed the same thing.</summary>
    Confirmed,
}
