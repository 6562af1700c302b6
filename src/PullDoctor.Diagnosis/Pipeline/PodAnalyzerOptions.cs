namespace PullDoctor.Diagnosis;

/// <summary>How long an analysis waits for the registry, and who is told when a late answer arrives.</summary>
public sealed record PodAnalyzerOptions
{
    /// <summary>
    /// The longest an analysis waits for a probe (null: until the probe ends). The operator waits briefly, so a silent
    /// registry cannot hold its workers; the command line waits for the answer.
    /// </summary>
    public TimeSpan? ProbeWait { get; init; }

    /// <summary>Called (on a pool thread, must not throw) when a probe that outlasted the wait has its answer.</summary>
    public Action<PodSnapshot>? OnLateProbe { get; init; }

    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>How a probe gap names the settings to change (the operator passes its environment variables).</summary>
    public ProbeSettingNames SettingNames { get; init; } = new("probing is switched off", "the probe's wait", "the probe's allowed networks");
}
