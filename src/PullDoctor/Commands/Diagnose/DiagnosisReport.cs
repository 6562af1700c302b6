using PullDoctor.Core.Causes;
using PullDoctor.Core.Remediation;
using PullDoctor.Registry.Credentials;
using PullDoctor.Registry.Probe;

namespace PullDoctor.Cli.Commands.Diagnose;

/// <summary>Everything <c>diagnose IMAGE</c> prints: the verdict, the advice, the probe's evidence, the pull secret's state.</summary>
internal sealed record DiagnosisReport(
    string Image,
    string? Reference,
    ProbeVerdict Verdict,
    CauseCode? Cause,
    Advice? Advice,
    ProbeResult? Probe,
    string? PullSecretFile,
    CredentialMatch? PullSecret,
    string? Note)
{
    public int ExitCode => Verdict switch
    {
        ProbeVerdict.Pullable => ExitCodes.Success,
        ProbeVerdict.Problem => ExitCodes.PullProblemDiagnosed,
        _ => ExitCodes.InternalError,
    };
}
