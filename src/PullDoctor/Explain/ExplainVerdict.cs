namespace PullDoctor.Cli.Explain;

/// <summary>
/// explain's exit code (SPEC §6) and, when it is not a success, what to say: 3 when a cause was found; 0 only when
/// nothing is wrong (every pull recovered or nothing waits on an image); 2 when nothing was diagnosed and something was
/// not understood — an input explain cannot use is a usage error, and 0 would tell a script all is well.
/// </summary>
internal static class ExplainVerdict
{
    private const int MaxQuoted = 120;

    public static (int ExitCode, string? Line) Of(IReadOnlyList<ExplainResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        if (results.Any(r => r.IsDiagnosed))
        {
            return (ExitCodes.PullProblemDiagnosed, null);
        }

        var unknown = results.Where(r => !r.IsFine).ToList();
        if (unknown.Count == 0)
        {
            return (ExitCodes.Success, null);
        }

        // The message is from outside: escaped and bounded before it reaches a terminal.
        var first = unknown[0].Item.Message;
        var example = string.IsNullOrWhiteSpace(first) ? "a waiting container with no message but a back-off"
            : $"\"{PullDoctor.Core.Text.UntrustedText.Clean(first, MaxQuoted)}\"";
        var what = unknown.Count == 1 ? "1 message" : $"{unknown.Count} messages";
        return (ExitCodes.UsageError,
            $"pulldoctor: explain: not understood: {what} of {results.Count} name{(unknown.Count == 1 ? "s" : string.Empty)} no image pull failure PullDoctor knows, e.g. {example}; give the kubelet's 'Failed to pull image' message or the pod's Events");
    }
}
