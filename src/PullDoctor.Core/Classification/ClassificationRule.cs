using PullDoctor.Core.Causes;

namespace PullDoctor.Core.Classification;

/// <summary>
/// One row of the rule table: the message (lower-cased) matches when it contains any of
/// <see cref="AnyOf"/>, and, when given, all of <see cref="AllOf"/>, and none of <see cref="NoneOf"/>.
/// Plain substrings keep the table readable; <see cref="RuleSet"/> finds them all in one pass.
/// </summary>
internal sealed record ClassificationRule(string Id, CauseCode Cause, string[] AnyOf, string[]? AllOf = null, string[]? NoneOf = null);
