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
    /// <summary>The verdict's confidence (the pipeline's), when a cause was found by the probe.</summary>
    public Confidence? Confidence { get; init; }

    /// <summary>
    /// SPEC §6: pullable 0, a problem 3; a probe the network policy refused is the person's call to make
    /// (<c>--allow-network</c>), so a usage error (2); any other inconclusive probe is an environment failure (1).
    /// </summary>
    public int ExitCode => Verdict switch
    {
        ProbeVerdict.Pullable => ExitCodes.Success,
        ProbeVerdict.Problem => ExitCodes.PullProblemDiagnosed,
        _ when Probe?.RefusedByPolicy == true => ExitCodes.UsageError,
        _ => ExitCodes.InternalError,
    };
}
