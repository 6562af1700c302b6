namespace PullDoctor.Core.Remediation;

/// <summary>One step of a fix, with a ready-to-run command where one exists.</summary>
public sealed record RemediationStep(string Text, string? Command = null);
