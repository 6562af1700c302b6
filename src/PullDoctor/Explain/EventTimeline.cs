using PullDoctor.Core.Classification;

namespace PullDoctor.Cli.Explain;

/// <summary>
/// Orders a pod's Events as classification weighs them (newest first), and reads their last word: whether the
/// newest pull-related Event says the pull succeeded after the failures.
/// </summary>
internal static class EventTimeline
{

    /// <summary>
    /// Newest first; ties (the kubelet posts <c>Failed to pull image "x": &lt;runtime error&gt;</c> and the bare
    /// <c>Error: ErrImagePull</c> in the same second) keep the runtime's error ahead of the bare verdict, so an
    /// error no rule knows is still the one shown. Otherwise the input's order stands (the sort is stable).
    /// </summary>
    public static List<ObservedEvent> NewestFirst(IEnumerable<ObservedEvent> events) =>
        events.OrderByDescending(e => e.LastSeen ?? DateTimeOffset.MinValue).ThenBy(e => IsBareVerdict(e) ? 1 : 0).ToList();

    /// <summary>
    /// The Event that says the pull recovered, when the newest pull-related Event is <c>Pulled</c>, <c>Created</c>
    /// or <c>Started</c>; null when a failure is newer (or there is no recovery at all).
    /// </summary>
    public static ObservedEvent? Recovery(IReadOnlyList<ObservedEvent> newestFirst)
    {
        // On a tie between a recovery and a failure the recovery is the later one: the kubelet retries only after a
        // back-off, so a failure and a success in the same second are a failure and then the retry that worked.
        // Without timestamps the input's order alone decides.
        var relevant = newestFirst.Where(e => IsRecovery(e) || IsFailure(e)).ToList();
        if (relevant.Count == 0)
        {
            return null;
        }

        var newest = relevant[0];
        var lastWord = newest.LastSeen is null ? newest : relevant.TakeWhile(e => e.LastSeen == newest.LastSeen).FirstOrDefault(IsRecovery) ?? newest;
        return IsRecovery(lastWord) ? lastWord : null;
    }

    /// <summary>Whether any of the Events is a pull failure.</summary>
    public static bool HasFailure(IEnumerable<ObservedEvent> events) => events.Any(IsFailure);

    public static bool IsRecovery(ObservedEvent e) => ImagePullEventReasons.Recoveries.Contains(e.Reason);

    private static bool IsFailure(ObservedEvent e) =>
        // A pasted Event may carry the waiting reason as its reason (ErrImagePull, ImagePullBackOff).
        ImagePullEventReasons.AttemptFailures.Contains(e.Reason)
        || e.Reason is ImagePullWaitingReasons.ErrImagePull or ImagePullWaitingReasons.ImagePullBackOff
        || (e.Reason == ImagePullEventReasons.BackOff && e.Message.StartsWith("Back-off pulling image", StringComparison.Ordinal));

    // "Error: ErrImagePull", "Error: ImagePullBackOff": the kubelet's verdict after the error it already reported.
    private static bool IsBareVerdict(ObservedEvent e) =>
        e.Message.StartsWith("Error: ", StringComparison.Ordinal) && e.Message.IndexOf(' ', 7) < 0;
}
