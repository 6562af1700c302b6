using PullDoctor.Core.Causes;
using PullDoctor.Core.Classification;
using PullDoctor.Core.References;
using PullDoctor.Core.Remediation;
using PullDoctor.Diagnosis;
using PullDoctor.Registry.Caching;
using PullDoctor.Registry.Credentials;
using PullDoctor.Registry.Network;
using PullDoctor.Registry.Probe;

namespace PullDoctor.Cli.Commands.Diagnose;

/// <summary>
/// Runs one diagnosis: parse the reference, match the pull secret the way the kubelet would, probe the registry
/// (loopback allowed, link-local and metadata refused unless <c>--allow-network</c>), and write the report.
/// </summary>
internal sealed class DiagnoseImageRunner(TextWriter stdout, TextWriter stderr)
{
    public async Task<int> RunAsync(DiagnoseSettings settings, CancellationToken cancellationToken)
    {
        var report = await DiagnoseAsync(settings, cancellationToken);
        if (settings.Json)
        {
            await DiagnoseJsonWriter.WriteAsync(report, stdout);
        }
        else
        {
            await DiagnoseTextWriter.WriteAsync(report, stdout);
        }

        if (report.Verdict == ProbeVerdict.Inconclusive)
        {
            var hint = report.Probe?.RefusedByPolicy == true && !report.Probe.Detail.Contains("service name", StringComparison.Ordinal)
                ? " (pass --allow-network CIDR to allow that network)"
                : string.Empty;
            await stderr.WriteLineAsync($"pulldoctor: could not probe {report.Image}: {report.Probe?.Detail}{hint}");
        }

        return report.ExitCode;
    }

    /// <summary>diagnose IMAGE reads no messages: nothing but the registry's answer names a cause.</summary>
    private static readonly Classification NoMessages = new(CauseCode.Unknown, Confidence.Likely, new PullFacts(), "no-messages", null);

    private static string SecretName(string? pullSecretPath) => pullSecretPath is { } path ? Path.GetFileName(path) : "pull secret";

    private static async Task<DiagnosisReport> DiagnoseAsync(DiagnoseSettings settings, CancellationToken cancellationToken)
    {
        var parsed = ImageReference.Parse(settings.Image);
        if (!parsed.IsValid)
        {
            var facts = new PullFacts { Image = settings.Image, RuntimeError = parsed.Error.Reason };
            var advice = AdviceWriter.Write(CauseCode.InvalidImageReference, facts, RemediationContext.Empty);
            var note = parsed.Error.Suggestion is { } suggestion ? $"{parsed.Error.Reason}; did you mean {suggestion}?" : parsed.Error.Reason;
            return new DiagnosisReport(settings.Image, null, ProbeVerdict.Problem, CauseCode.InvalidImageReference, advice, null, null, null, note);
        }

        var image = parsed.Reference;
        CredentialMatch? secret = null;
        if (settings.PullSecret is { } pullSecret)
        {
            secret = CredentialKeyring.Match(pullSecret, image);
        }

        var options = new RegistryProbeOptions
        {
            NetworkPolicy = NetworkPolicy.CommandLine with { AllowedNetworks = settings.AllowedNetworks },
            LoopbackHttpFallback = settings.HttpFallback,
            ProbeTimeout = settings.Timeout,
            ResponseTimeout = settings.Timeout < TimeSpan.FromSeconds(15) ? settings.Timeout : TimeSpan.FromSeconds(15),
            ConnectTimeout = settings.Timeout < TimeSpan.FromSeconds(5) ? settings.Timeout : TimeSpan.FromSeconds(5),
        };
        foreach (var certificate in settings.TrustedCertificates)
        {
            options.ExtraTrustedCertificates.Add(certificate);
        }

        if (settings.PlainHttp)
        {
            options.PlainHttpRegistries.Add(image.RegistryHost);
        }

        using var probe = RegistryProbes.Create(options, TimeProvider.System);
        var result = await probe.ProbeAsync(new ProbeRequest(image, secret?.Credential, settings.Platform), cancellationToken);

        return Decide(settings.Image, settings.PullSecretPath, image, secret, result);
    }

    /// <summary>
    /// The pipeline with the probe's answer and the secret file only (no message names a cause, so the registry's
    /// answer decides, and the secret rule names the secret when the registry wanted credentials it did not offer).
    /// </summary>
    internal static DiagnosisReport Decide(string imageText, string? pullSecretPath, ImageReference image, CredentialMatch? secret, ProbeResult result)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(result);
        var secretStates = secret is null
            ? Array.Empty<EffectivePullSecret>()
            : [new EffectivePullSecret(SecretName(pullSecretPath), PullSecretSource.Pod, secret.State, secret.Detail)];
        var decision = DecisionRules.Decide(new DecisionInput
        {
            FromMessages = NoMessages,
            Probe = result,
            PullSecrets = secretStates,
            CredentialOffered = secret?.Credential is not null,
        });
        Verdict? decided = result.Verdict == ProbeVerdict.Problem ? decision.Verdict : null;
        var cause = decided?.Cause;
        string? secretNote = null;
        if (cause is CauseCode.PullSecretInvalid or CauseCode.PullSecretMissing)
        {
            // The secret would have been the fix; what is wrong with it is the root cause.
            secretNote = $"the registry wants credentials, and the pull secret offers none for {image.Domain}: {secret?.Detail}";
        }
        else if (secret is { IsFound: false })
        {
            secretNote = $"the pull secret does not apply to {image.Domain}: {secret.Detail}";
        }

        Advice? adviceText = null;
        if (decided is not null)
        {
            var context = new RemediationContext
            {
                SuggestedTags = result.SuggestedTags,
                AvailablePlatforms = result.AvailablePlatforms,
                NodePlatform = result.Platform,
                RateLimitReset = result.RateLimitReset,
                CredentialsSent = result.CredentialsSent,
                PullSecrets = pullSecretPath is null ? [] : [.. secretStates.Select(s => s.ToStatus()).OfType<PullSecretStatus>()],
            };
            (decided, adviceText) = ContainerPipeline.Advise(decided with { Facts = result.ToFacts(imageText) }, imageText, context);
        }

        var verdict = cause is null ? result.Verdict : ProbeVerdict.Problem;
        return new DiagnosisReport(imageText, image.Normalized, verdict, cause, adviceText, result, pullSecretPath, secret, secretNote) { Confidence = decided?.Confidence };
    }
}
