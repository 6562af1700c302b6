using System.Collections.Frozen;
using System.Globalization;
using PullDoctor.Core.Causes;
using PullDoctor.Core.Classification;
using PullDoctor.Core.Registries;
using PullDoctor.Core.Remediation;
using PullDoctor.Registry.Probe;

namespace PullDoctor.Diagnosis;

/// <summary>
/// Every decision that weighs the kubelet's messages, the registry probe and the pod's pull secrets against each other,
/// in one place (design v2), for the operator and every command alike. Pure: plain values in, a verdict out.
/// <list type="number">
/// <item>Secrets (<see cref="RefineBySecrets"/>): when the registry asked for credentials, the pod's pull secrets usually
/// say why none were sent (one is missing, none has an entry for the registry); that is the root cause a person fixes.</item>
/// <item>Whether to ask the registry at all (<see cref="ProbeHelps"/>).</item>
/// <item>Confidence (SPEC §3, <see cref="Combine"/>): a cause read from messages alone is Likely; a probe that observes the
/// same thing makes it Confirmed; when they disagree the probe wins only for what it observed directly (a registry's answer
/// about the image), never for the node's own network path or runtime, and the disagreement is written into the
/// explanation. Where the node authenticates with credentials the operator does not have, an anonymous answer about
/// credentials neither confirms nor overrides.</item>
/// <item>The whole decision for one container (<see cref="Decide"/>), and whether an earlier Confirmed verdict
/// <see cref="Holds"/> through a probe that could not answer.</item>
/// </list>
/// </summary>
public static class DecisionRules
{
    /// <summary>The verdict for one container, and why the probe said nothing about the image when it did not.</summary>
    public static Decision Decide(DecisionInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var probe = input.Probe;

        // When the node authenticates to the registry by a provider or its identity and no pull secret applies, the
        // operator's anonymous probe cannot see what the node sent.
        var nodeCredentials = !input.IsSandbox && input.Registry?.Profile is { NodeCredentialsInvisible: true } profile
            && !input.CredentialOffered && !input.PullSecrets.Any(s => s.State is PullSecretState.Found or null)
            ? profile
            : null;
        var verdict = Combine(input.FromMessages, probe, !input.IsSandbox && input.PullSecretsUnread, nodeCredentials);

        // The probe settled the cause (the messages named none, or the registry overruled them) and asked for
        // credentials: the pull secrets say why none were sent, as they would have for the same message.
        if (verdict.Cause != input.FromMessages.Cause && verdict.Confidence == Confidence.Confirmed
            && RefineBySecrets(input.FromMessages with { Cause = verdict.Cause, Facts = verdict.Facts }, input.PullSecrets) is { } bySecrets
            && bySecrets.Cause != verdict.Cause)
        {
            verdict = verdict with { Cause = bySecrets.Cause, Facts = bySecrets.Facts };
        }

        var gap = input.Gap;
        if (nodeCredentials is not null && verdict.Disagreement is not null && verdict.Confidence == Confidence.Likely && probe is { CredentialsSent: false })
        {
            gap = ProbeGaps.NodeCredentials(nodeCredentials);
        }

        // A probe that saw what the node saw (e.g. the same name not resolving) confirmed it: no gap, whatever it saw.
        return new Decision(verdict, verdict.Confidence == Confidence.Confirmed ? null : gap);
    }

    /// <summary>
    /// Whether an earlier Confirmed verdict stands: while the container's image is the same and the kubelet's messages
    /// still say what the confirmed cause explains (the same cause, or the ambiguous wording the registry settled, e.g.
    /// ImageNotFound for TagNotFound), a probe that could not answer about the image (an outage, a refusal, no answer
    /// yet) keeps it. A changed message, or a probe that answers differently, replaces it.
    /// </summary>
    public static bool Holds(CauseCode confirmedEarlier, string earlierImage, ContainerFinding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        return finding.Verdict.Confidence != Confidence.Confirmed
            && finding.ProbeGap is not null
            && earlierImage == finding.Container.Image
            && Explains(finding.FromMessages.Cause, confirmedEarlier);
    }

    /// <summary>
    /// When the registry asked for credentials (AuthenticationRequired, or the 401/403 that may hide a missing repository)
    /// and no secret gave any (one is missing, none has an entry for the image's registry): the secret cause.
    /// </summary>
    public static Classification RefineBySecrets(Classification classification, IReadOnlyList<EffectivePullSecret> secrets)
    {
        ArgumentNullException.ThrowIfNull(classification);
        ArgumentNullException.ThrowIfNull(secrets);
        if (classification.Cause is not (CauseCode.AuthenticationRequired or CauseCode.RepositoryNotFoundOrPrivate) || secrets.Count == 0)
        {
            return classification;
        }

        if (secrets.Any(s => s.State == PullSecretState.Found) || secrets.Any(s => s.State is null))
        {
            return classification;
        }

        var missing = secrets.Where(s => s.State == PullSecretState.Missing).Select(s => s.Name).ToArray();
        if (missing.Length > 0)
        {
            return classification with
            {
                Cause = CauseCode.PullSecretMissing,
                RuleId = "secret-missing-then-" + classification.RuleId,
                Facts = classification.Facts with { SecretNames = missing },
            };
        }

        return classification with
        {
            Cause = CauseCode.PullSecretInvalid,
            RuleId = "secret-unusable-then-" + classification.RuleId,
            Facts = classification.Facts with { SecretNames = secrets.Select(s => s.Name).ToArray() },
        };
    }

    /// <summary>Causes only the node knows (its runtime, disk, policy); a registry answer cannot contradict them.</summary>
    private static readonly FrozenSet<CauseCode> NodeOnly = new[]
    {
        CauseCode.InvalidImageReference,
        CauseCode.NeverPullPolicy,
        CauseCode.DiskPressure,
        CauseCode.LayerPullFailed,
        CauseCode.UnsupportedImageFormat,
        CauseCode.ShortNameResolutionFailed,
        CauseCode.SignatureVerificationFailed,
    }.ToFrozenSet();

    /// <summary>The node's own path to the registry: our probe runs elsewhere, so its network never overrules the node's.</summary>
    private static readonly FrozenSet<CauseCode> NetworkPath = new[]
    {
        CauseCode.DnsResolutionFailed,
        CauseCode.ConnectionRefused,
        CauseCode.NetworkTimeout,
        CauseCode.TlsCertificateError,
        CauseCode.HttpProtocolMismatch,
        CauseCode.RegistryServerError,
        CauseCode.RateLimited,
    }.ToFrozenSet();

    /// <summary>What a registry says about an image when asked: the probe observes these directly.</summary>
    private static readonly FrozenSet<CauseCode> RegistryAnswers = new[]
    {
        CauseCode.TagNotFound,
        CauseCode.RepositoryNotFound,
        CauseCode.ImageNotFound,
        CauseCode.RepositoryNotFoundOrPrivate,
        CauseCode.AuthenticationRequired,
        CauseCode.AuthenticationFailed,
        CauseCode.CredentialsExpired,
        CauseCode.AccessDenied,
        CauseCode.PlatformMismatch,
    }.ToFrozenSet();

    /// <summary>Secret problems the registry confirms by asking for credentials.</summary>
    private static readonly FrozenSet<CauseCode> SecretProblems = new[] { CauseCode.PullSecretMissing, CauseCode.PullSecretInvalid }.ToFrozenSet();

    /// <summary>What a registry says about credentials: for an anonymous probe, nothing about the node's own credentials.</summary>
    private static readonly FrozenSet<CauseCode> AboutCredentials = new[]
    {
        CauseCode.AuthenticationRequired,
        CauseCode.AuthenticationFailed,
        CauseCode.CredentialsExpired,
        CauseCode.AccessDenied,
        CauseCode.RepositoryNotFoundOrPrivate,
    }.ToFrozenSet();

    private static readonly FrozenSet<CauseCode> AsksForCredentials = new[] { CauseCode.AuthenticationRequired, CauseCode.RepositoryNotFoundOrPrivate }.ToFrozenSet();

    /// <summary>Whether a probe's cause is the registry's answer about the image itself (not the operator's path to it).</summary>
    public static bool IsRegistryAnswer(CauseCode observed) => RegistryAnswers.Contains(observed);

    /// <summary>
    /// Whether a confirmed <paramref name="confirmed"/> is what messages saying <paramref name="message"/> mean: the same
    /// cause, or the detail the registry settled for an ambiguous wording (ImageNotFound → TagNotFound).
    /// </summary>
    public static bool Explains(CauseCode message, CauseCode confirmed) => message == confirmed || IsRefinement(message, confirmed);

    /// <summary>Whether probing can tell anything about a message's cause (skipped for node-only causes).</summary>
    public static bool ProbeHelps(CauseCode messageCause) => !NodeOnly.Contains(messageCause);

    /// <param name="fromMessages">The classification of the kubelet's and runtime's messages.</param>
    /// <param name="probe">The registry probe's result, or null when there was none.</param>
    /// <param name="credentialsHidden">
    /// True when the pod has pull secrets the probe could not use (reading secrets is off): an anonymous probe
    /// then cannot see what the kubelet saw with credentials.
    /// </param>
    /// <param name="nodeCredentials">
    /// The registry when the node authenticates to it with credentials the operator does not have (a credential provider
    /// plugin, the node's cloud identity) and no pull secret applies: an anonymous answer of the probe about credentials
    /// then neither confirms nor overrides the kubelet's messages.
    /// </param>
    public static Verdict Combine(Classification fromMessages, ProbeResult? probe, bool credentialsHidden = false, RegistryProfile? nodeCredentials = null)
    {
        ArgumentNullException.ThrowIfNull(fromMessages);
        var message = fromMessages.Cause;
        var facts = fromMessages.Facts;
        if (probe is null || probe.Verdict == ProbeVerdict.Inconclusive)
        {
            return new Verdict(message, Confidence.Likely, facts);
        }

        var observed = probe.Verdict == ProbeVerdict.Problem ? probe.Cause ?? CauseCode.Unknown : (CauseCode?)null;
        var merged = Merge(facts, probe);

        if (nodeCredentials is not null && !probe.CredentialsSent && !SecretProblems.Contains(message) && observed is { } anonymous && AboutCredentials.Contains(anonymous))
        {
            return new Verdict(message, Confidence.Likely, facts, NodeCredentialsUnchecked(message, probe, anonymous, nodeCredentials));
        }

        if (observed == message)
        {
            return new Verdict(message, Confidence.Confirmed, merged);
        }

        if (NodeOnly.Contains(message))
        {
            return new Verdict(message, Confidence.Likely, facts);
        }

        if (SecretProblems.Contains(message))
        {
            return observed is { } o && AsksForCredentials.Contains(o)
                ? new Verdict(message, Confidence.Confirmed, merged)
                : new Verdict(message, Confidence.Likely, facts, Describe(message, probe));
        }

        if (observed is null)
        {
            // Pullable now: the messages were right at the time (the tag may have been pushed since) or the node's path differs.
            return new Verdict(message, Confidence.Likely, facts, Describe(message, probe));
        }

        var cause = observed.Value;
        if (message == CauseCode.Unknown && cause != CauseCode.Unknown)
        {
            return new Verdict(cause, Confidence.Confirmed, merged);
        }

        if (NetworkPath.Contains(message) || !RegistryAnswers.Contains(cause))
        {
            return new Verdict(message, Confidence.Likely, facts, Describe(message, probe));
        }

        if (credentialsHidden && !probe.CredentialsSent && AsksForCredentials.Contains(cause))
        {
            return new Verdict(message, Confidence.Likely, facts, Describe(message, probe) + " The probe was anonymous because reading pull secrets is switched off.");
        }

        // The registry answered about the image itself: what it observed wins over the runtime's words.
        return new Verdict(cause, Confidence.Confirmed, merged, IsRefinement(message, cause) ? null : Overruled(message, cause));
    }

    // Ambiguous wordings the registry settles: not a disagreement, just the detail the message could not give.
    private static bool IsRefinement(CauseCode message, CauseCode observed) => message switch
    {
        CauseCode.Unknown => true,
        CauseCode.ImageNotFound => observed is CauseCode.TagNotFound or CauseCode.RepositoryNotFound,
        CauseCode.RepositoryNotFoundOrPrivate => observed is CauseCode.RepositoryNotFound or CauseCode.AuthenticationRequired or CauseCode.AccessDenied or CauseCode.TagNotFound,
        _ => false,
    };

    private static PullFacts Merge(PullFacts fromMessages, ProbeResult probe)
    {
        var observed = probe.ToFacts(fromMessages.Image);
        return fromMessages with
        {
            RegistryHost = fromMessages.RegistryHost ?? observed.RegistryHost,
            Repository = fromMessages.Repository ?? observed.Repository,
            HttpStatus = probe.HttpStatus ?? fromMessages.HttpStatus,
            DnsName = fromMessages.DnsName ?? observed.DnsName,
            Platform = fromMessages.Platform ?? observed.Platform,
            RegistryMessage = observed.RegistryMessage ?? fromMessages.RegistryMessage,
            TlsProblem = fromMessages.TlsProblem ?? observed.TlsProblem,
        };
    }

    private static string Describe(CauseCode message, ProbeResult probe)
    {
        var what = probe.IsPullable
            ? $"found the image pullable from {probe.RegistryHost}"
            : $"observed {probe.Cause ?? CauseCode.Unknown} at {probe.RegistryHost}{(probe.HttpStatus is { } s ? $" (HTTP {s})" : string.Empty)}";
        return string.Create(
            CultureInfo.InvariantCulture,
            $"The kubelet's messages show {message}, but PullDoctor's own registry probe at {probe.CheckedAt:yyyy-MM-ddTHH:mm:ssZ} {what}: {probe.Detail.TrimEnd('.')}. The node's view is kept as the cause.");
    }

    private static string NodeCredentialsUnchecked(CauseCode message, ProbeResult probe, CauseCode observed, RegistryProfile registry) =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"The node authenticates to {registry.Name} with {registry.NodeCredentials ?? "credentials of its own"}, which the operator does not have: its probe asked {probe.RegistryHost} anonymously and got {observed}{(probe.HttpStatus is { } s ? $" (HTTP {s})" : string.Empty)}, which says nothing about what the node sent. The node's credentials could not be checked from the operator; the cause rests on the kubelet's message, which shows {message}.");

    private static string Overruled(CauseCode message, CauseCode observed) =>
        $"The kubelet's messages suggested {message}; the registry's own answer shows {observed}, which is what the registry observed directly.";
}
