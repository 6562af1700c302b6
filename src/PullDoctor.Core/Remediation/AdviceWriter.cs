using PullDoctor.Core.Causes;
using PullDoctor.Core.Classification;

namespace PullDoctor.Core.Remediation;

/// <summary>Turns a cause, its facts and where it happened into words and commands for a person.</summary>
public static class AdviceWriter
{
    public static Advice Write(CauseCode cause, PullFacts facts, RemediationContext context)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(context);
        return new Advice(cause.ToString(), cause.ToString(), []);
    }
}
