using PullDoctor.Core.Classification;

namespace PullDoctor.Cli.Explain;

/// <summary>One thing to explain: an input line, or one container (or image) of a pod found in structured input.</summary>
/// <param name="Message">The message shown back (the line, or the most telling message seen).</param>
/// <param name="Evidence">What classification reads.</param>
/// <param name="Namespace">The pod's namespace, when the input says.</param>
/// <param name="Pod">The pod's name, when the input says.</param>
/// <param name="Container">The container's name, when the input says.</param>
internal sealed record ExplainItem(string Message, PullEvidence Evidence, string? Namespace = null, string? Pod = null, string? Container = null)
{
    /// <summary>The object to fix instead of the pod, when the input names the pod's owner.</summary>
    public PodOwner? Owner { get; init; }

    /// <summary>
    /// Set when nothing is wrong: the pull recovered (the newest Event is <c>Pulled</c>/<c>Created</c>/<c>Started</c>),
    /// or the pod has no container waiting on an image; says which, in words.
    /// </summary>
    public string? Fine { get; init; }

    /// <summary>True when <see cref="Fine"/> is a pull that succeeded after failures.</summary>
    public bool Recovered { get; init; }

    /// <summary>The messages' reading, when the reader already made it (to pick the message shown): not read twice.</summary>
    public Classification? Reading { get; init; }

    public static ExplainItem ForLine(string line) => new(line, new PullEvidence { WaitingMessage = line });

    /// <summary>An item read from a pod's messages, shown by the message that decided (else <paramref name="fallback"/>).</summary>
    public static ExplainItem Read(PullEvidence evidence, string fallback, string? ns, string? pod, string? container = null)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        var reading = EvidenceClassifier.Classify(evidence);
        return new ExplainItem(reading.Message ?? fallback, evidence, ns, pod, container) { Reading = reading };
    }

    /// <summary>A pod, container or image whose pull is fine, and why it is.</summary>
    public static ExplainItem Healthy(string message, string why, string? ns, string? pod, string? container = null, string? image = null) =>
        new(message, new PullEvidence { Image = image }, ns, pod, container) { Fine = why };

    /// <summary>A pull whose newest Event is a success (<see cref="EventTimeline.Recovery"/>); recovered when failures came before it.</summary>
    public static ExplainItem Pulled(ObservedEvent success, IReadOnlyList<ObservedEvent> events, string? ns, string? pod, string? container = null, string? image = null)
    {
        var recovered = EventTimeline.HasFailure(events);
        var why = recovered ? $"the pull recovered: the newest Event is {success.Reason}, after the failures" : $"pulled: the newest Event is {success.Reason}";
        return Healthy(success.Message, why, ns, pod, container, image) with { Recovered = recovered };
    }
}
