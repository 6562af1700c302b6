using PullDoctor.Registry.Probe;

namespace PullDoctor.Cli.Commands.Diagnose;

/// <summary>The report for people: verdict first, then why, the fix, and the evidence to check it by.</summary>
internal static class DiagnoseTextWriter
{
    public static async Task WriteAsync(DiagnosisReport report, TextWriter output)
    {
        var verdict = report.Verdict switch
        {
            ProbeVerdict.Pullable => "pullable",
            ProbeVerdict.Inconclusive => "not probed",
            _ => report.Cause?.ToString() ?? "problem",
        };
        await output.WriteLineAsync($"{report.Image}: {verdict}");
        if (report.Reference is not null && report.Reference != report.Image)
        {
            await output.WriteLineAsync($"  Reference: {report.Reference}");
        }

        if (report.Advice is { } advice)
        {
            await output.WriteLineAsync($"  {advice.Summary}");
            if (advice.Explanation != advice.Summary)
            {
                await output.WriteLineAsync($"  Why: {advice.Explanation}");
            }
        }

        if (report.Note is not null)
        {
            await output.WriteLineAsync($"  Note: {report.Note}");
        }

        if (report.Probe is { } probe)
        {
            await output.WriteLineAsync($"  Found: {probe.Detail}");
            if (probe.SuggestedTags.Count > 0)
            {
                await output.WriteLineAsync($"  Existing tags nearby: {string.Join(", ", probe.SuggestedTags)}");
            }

            if (probe.AvailablePlatforms.Count > 0)
            {
                await output.WriteLineAsync($"  Platforms: {string.Join(", ", probe.AvailablePlatforms)}");
            }

            if (probe.RateLimitReset is { } reset)
            {
                await output.WriteLineAsync($"  Rate limit: {reset}");
            }
        }

        if (report.PullSecret is { } secret)
        {
            var state = secret.IsFound ? $"{secret.State}, entry {secret.MatchedKey}" : $"{secret.State}: {secret.Detail}";
            await output.WriteLineAsync($"  Pull secret {report.PullSecretFile}: {state}");
        }

        if (report.Advice is { Steps.Count: > 0 } fix)
        {
            await output.WriteLineAsync("  Fix:");
            for (var i = 0; i < fix.Steps.Count; i++)
            {
                await output.WriteLineAsync($"    {i + 1}. {fix.Steps[i].Text}");
                if (fix.Steps[i].Command is { } command)
                {
                    await output.WriteLineAsync($"         {command}");
                }
            }
        }

        if (report.Probe is { } evidence)
        {
            var credentials = evidence.CredentialsSent ? "credentials sent" : "no credentials sent";
            await output.WriteLineAsync($"  Evidence ({evidence.RegistryHost}, {evidence.CheckedAt:yyyy-MM-ddTHH:mm:ssZ}, {evidence.Duration.TotalMilliseconds:0} ms, {credentials}):");
            foreach (var step in evidence.Steps)
            {
                await output.WriteLineAsync($"    {step}");
            }
        }
    }
}
