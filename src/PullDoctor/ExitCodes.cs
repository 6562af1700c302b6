namespace PullDoctor.Cli;

/// <summary>The exit codes of SPEC §6.</summary>
internal static class ExitCodes
{
    public const int Success = 0;
    public const int InternalError = 1;
    public const int UsageError = 2;
    public const int PullProblemDiagnosed = 3;
}
