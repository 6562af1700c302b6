using PullDoctor.Core.Causes;

namespace PullDoctor.Core.Classification;

/// <summary>The cause a message shows, with the facts it states and the rule that decided.</summary>
/// <param name="Cause">The cause code.</param>
/// <param name="Confidence">Always <see cref="Confidence.Likely"/> from messages alone.</param>
/// <param name="Facts">What the message states.</param>
/// <param name="RuleId">The rule that matched, for tests and support (stable, kebab-case).</param>
/// <param name="Message">The message that decided, as received.</param>
public sealed record Classification(CauseCode Cause, Confidence Confidence, PullFacts Facts, string RuleId, string? Message);
