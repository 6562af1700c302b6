namespace PullDoctor.Core.Remediation;

/// <summary>What to tell a person: one sentence, the explanation, and ordered steps.</summary>
public sealed record Advice(string Summary, string Explanation, IReadOnlyList<RemediationStep> Steps);
