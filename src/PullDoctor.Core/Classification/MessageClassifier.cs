using PullDoctor.Core.Causes;
using PullDoctor.Core.Messages;

namespace PullDoctor.Core.Classification;

/// <summary>
/// Classifies one kubelet or runtime message: parse it once (<see cref="PullMessage"/>), read the stage
/// and the failure from its skeleton, and look the pair up in <see cref="CauseTable"/>.
/// Pure and deterministic: the same message and reason always give the same answer.
/// </summary>
public static class MessageClassifier
{
    /// <summary>Rule id used when a message carries no cause at all (e.g. a bare back-off).</summary>
    public const string NoDetailRuleId = "no-detail";

    /// <summary>Classifies <paramref name="message"/>, seen with kubelet waiting or Event reason <paramref name="reason"/>.</summary>
    public static Classification Classify(string? message, string? reason = null) => Classify(PullMessage.Parse(message), reason, message);

    /// <summary>Classifies a message parsed already.</summary>
    public static Classification Classify(PullMessage parsed, string? reason = null, string? original = null) =>
        Classify(parsed, reason, original, RuleTables.Default);

    /// <summary>Classifies with other rule tables: the tests take each rule line out in turn to show a corpus row needs it.</summary>
    internal static Classification Classify(PullMessage parsed, string? reason, string? original, RuleTables rules)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        var (chosen, reading) = parsed.Attempts.Count > 1
            ? parsed.Attempts.Select(attempt => (attempt, Read(attempt, rules))).MaxBy(pair => Progress(pair.Item2.Cause))
            : (parsed, Read(parsed, rules));

        if (reading.Cause == CauseCode.Unknown && ReasonOnly(reason) is { } byReason)
        {
            reading = new Reading(Stage.None, byReason, CauseTable.Default(byReason));
        }

        var facts = MessageFacts.Read(reading, chosen, parsed.Image);
        return new Classification(reading.Cause, Confidence.Likely, facts, reading.RuleId, original ?? parsed.Text);
    }

    /// <summary>The stage, the failure and what they mean, read from one message's skeleton and values.</summary>
    public static Reading Read(PullMessage message) => Read(message, RuleTables.Default);

    private static Reading Read(PullMessage message, RuleTables rules)
    {
        ArgumentNullException.ThrowIfNull(message);
        var failure = rules.Failures.FirstMatch(message.Skeleton)?.Value ?? Failure.None;
        if (failure is Failure.None or Failure.NotFound && NamesSchema1MediaType(message))
        {
            failure = Failure.UnsupportedFormat;
        }

        var stage = MessageStage.Of(message, rules.Stages);
        if (failure == Failure.None && stage is Stage.Manifest or Stage.Token or Stage.None)
        {
            // A resolve that failed with no failure words says nothing we can act on.
            return new Reading(stage, Failure.None, CauseCode.Unknown);
        }

        var registry = failure is Failure.Unauthorized or Failure.Forbidden ? MessageStage.RegistryOf(message) : null;
        return new Reading(stage, failure, CauseTable.Decide(stage, failure, registry, registry is null ? null : MessageFacts.HttpStatus(message)));
    }

    private static bool NamesSchema1MediaType(PullMessage message)
    {
        foreach (var value in message.Values)
        {
            if (IsSchema1MediaType(value))
            {
                return true;
            }
        }

        return false;
    }

    // Docker's schema 1 (containerd 2.x refuses it): the media type is the evidence, not its words.
    private static bool IsSchema1MediaType(MessageValue value) =>
        value.Kind == ValueKind.MediaType
        && (value.Text.Contains("manifest.v1+prettyjws", StringComparison.OrdinalIgnoreCase)
            || value.Text.Contains("distribution.manifest.v1+json", StringComparison.OrdinalIgnoreCase));

    // Of an aggregate's attempts, the one that got furthest speaks to the cause: an attempt that reached
    // the image's content beats one the registry refused, which beats one that never connected.
    private static int Progress(CauseCode cause) => cause switch
    {
        CauseCode.Unknown => 0,
        CauseCode.DnsResolutionFailed or CauseCode.ConnectionRefused or CauseCode.NetworkTimeout or CauseCode.TlsCertificateError
            or CauseCode.HttpProtocolMismatch => 1,
        CauseCode.RegistryServerError or CauseCode.AuthenticationRequired or CauseCode.AuthenticationFailed or CauseCode.CredentialsExpired or CauseCode.RateLimited => 2,
        CauseCode.AccessDenied or CauseCode.RepositoryNotFoundOrPrivate => 3,
        _ => 4,
    };

    // Reasons that decide on their own when the message says nothing more (kubelet's
    // ErrImageNeverPull / InvalidImageName, CRI-O's SignatureValidationFailed, the secret Event).
    private static Failure? ReasonOnly(string? reason) => reason switch
    {
        "ErrImageNeverPull" => Failure.NeverPull,
        "InvalidImageName" => Failure.InvalidReference,
        "SignatureValidationFailed" => Failure.SignatureRejected,
        "FailedToRetrieveImagePullSecret" => Failure.SecretMissing,
        _ => null,
    };
}

/// <summary>The two keyword tables a message is read with: its failure words and its stage words.</summary>
internal sealed record RuleTables(KeywordTable<Failure> Failures, KeywordTable<Stage> Stages)
{
    public static RuleTables Default { get; } = new(FailureRules.Table, StageRules.Table);
}

/// <summary>What one message says: where the pull failed, what failed, and the cause that makes.</summary>
public readonly record struct Reading(Stage Stage, Failure Failure, CauseCode Cause)
{
    /// <summary>A stable, kebab-case id of the stage and failure, for tests and support.</summary>
    public string RuleId => Failure == Failure.None && Cause == CauseCode.Unknown ? MessageClassifier.NoDetailRuleId
        : RuleIds[(int)Stage, (int)Failure];

    // Every stage × failure id, built once: classification runs per message, the names never change.
    private static readonly string[,] RuleIds = BuildRuleIds();

    private static string[,] BuildRuleIds()
    {
        var stages = Enum.GetValues<Stage>();
        var failures = Enum.GetValues<Failure>();
        var ids = new string[stages.Max(s => (int)s) + 1, failures.Max(f => (int)f) + 1];
        foreach (var stage in stages)
        {
            foreach (var failure in failures)
            {
                ids[(int)stage, (int)failure] = stage == Stage.None ? Kebab(failure.ToString()) : $"{Kebab(stage.ToString())}/{Kebab(failure.ToString())}";
            }
        }

        return ids;
    }

    private static string Kebab(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) && i > 0 ? "-" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
