namespace PullDoctor.Diagnosis;

/// <summary>The outcome of <see cref="DecisionRules.Decide"/>: the verdict, and the probe gap that still applies to it.</summary>
public sealed record Decision(Verdict Verdict, ProbeGap? Gap);
