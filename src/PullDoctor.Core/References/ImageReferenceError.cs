namespace PullDoctor.Core.References;

/// <summary>Why a reference does not parse, precisely enough to fix it.</summary>
/// <param name="Input">The reference as written.</param>
/// <param name="Reason">A sentence naming the rule broken, e.g. "repository name must be lowercase: "MyApp"".</param>
/// <param name="OffendingPart">The part of the input that breaks it, when one part does.</param>
/// <param name="Suggestion">A corrected reference that parses, when the fix is obvious.</param>
public sealed record ImageReferenceError(string Input, string Reason, string? OffendingPart, string? Suggestion);
