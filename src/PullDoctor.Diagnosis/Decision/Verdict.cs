using PullDoctor.Core.Causes;
using PullDoctor.Core.Classification;

namespace PullDoctor.Diagnosis;

/// <summary>The cause of one container's failed pull after weighing messages against the registry probe.</summary>
/// <param name="Cause">The cause code.</param>
/// <param name="Confidence">Confirmed when the probe observed the same thing, Likely otherwise.</param>
/// <param name="Facts">The facts the explanation names (the probe's where it observed them directly).</param>
/// <param name="Disagreement">When the probe and the messages disagree, what each said; appended to the explanation.</param>
public sealed record Verdict(CauseCode Cause, Confidence Confidence, PullFacts Facts, string? Disagreement = null);
