namespace PullDoctor.Operator.Crds;

/// <summary>Values of <c>status.phase</c>.</summary>
public static class DiagnosisPhase
{
    public const string Failing = "Failing";
    public const string Resolved = "Resolved";
}
