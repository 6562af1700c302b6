using System.Text.RegularExpressions;
using PullDoctor.Core.Causes;

namespace PullDoctor.Core.Classification;

/// <summary>
/// Classifies one kubelet or runtime message by the ordered <see cref="ClassificationRules"/>.
/// Pure and deterministic: the same message and reason always give the same answer.
/// </summary>
public static partial class MessageClassifier
{
    /// <summary>Rule id used when a message carries no cause at all (e.g. a bare back-off).</summary>
    public const string NoDetailRuleId = "no-detail";

    /// <summary>Classifies <paramref name="message"/>, seen with kubelet waiting or Event reason <paramref name="reason"/>.</summary>
    public static Classification Classify(string? message, string? reason = null)
    {
        var text = FirstOfAggregate(message ?? string.Empty);
        var (image, runtimeError, isSandbox) = KubeletMessage.Unwrap(text);
        var matchText = Blank(text, image);

        var rule = FindRule(matchText) ?? FindRule(ReasonOnly(reason));
        var cause = rule?.Cause ?? CauseCode.Unknown;
        var facts = FactExtractor.Extract(cause, text, image, runtimeError) with { IsSandboxImage = isSandbox };
        return new Classification(cause, Confidence.Likely, facts, rule?.Id ?? NoDetailRuleId, message);
    }

    private static ClassificationRule? FindRule(string lowered) => RuleSet.Default.FirstMatch(lowered);

    // Reasons that decide on their own when the message says nothing more (kubelet's
    // ErrImageNeverPull / InvalidImageName, CRI-O's SignatureValidationFailed, the secret Event).
    private static string ReasonOnly(string? reason) => reason switch
    {
        "ErrImageNeverPull" => "errimageneverpull",
        "InvalidImageName" => "invalidimagename",
        "SignatureValidationFailed" => "signaturevalidationfailed",
        "FailedToRetrieveImagePullSecret" => "failedtoretrieveimagepullsecret",
        _ => string.Empty,
    };

    // dockershim tried each credential and joined the errors: "[rpc error: … first, rpc error: … second]".
    // The first attempt used the credentials the pod has, so it is the one that speaks to the cause.
    private static string FirstOfAggregate(string message)
    {
        var open = message.IndexOf("[rpc error:", StringComparison.Ordinal);
        if (open < 0)
        {
            return message;
        }

        var next = message.IndexOf(", rpc error:", open, StringComparison.Ordinal);
        return next < 0 ? message : message[..next].Remove(open, 1);
    }

    // Image names and quoted strings are user data: "app:404" or "forbidden-api" must not steer the rules.
    private static string Blank(string message, string? image)
    {
        var text = image is { Length: > 0 } ? message.Replace(image, "\u0001", StringComparison.Ordinal) : message;
        return Quoted().Replace(text, "\"\u0001\"").ToLowerInvariant();
    }

    [GeneratedRegex("\"(?![a-z]+://)[^\"\\s]*\"", RegexOptions.CultureInvariant)]
    private static partial Regex Quoted();
}
