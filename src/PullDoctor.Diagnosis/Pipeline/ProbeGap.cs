namespace PullDoctor.Diagnosis;

/// <summary>Why the registry probe said nothing about the image (<see cref="ProbeGaps"/>), in words a person can act on.</summary>
/// <param name="Detail">The sentence shown in the status and the Event.</param>
/// <param name="NotAsked">True when the registry was not asked at all because probing is switched off.</param>
public sealed record ProbeGap(string Detail, bool NotAsked = false);
