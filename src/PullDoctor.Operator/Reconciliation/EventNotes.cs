using PullDoctor.Core.Causes;
using PullDoctor.Core.Remediation;
using PullDoctor.Operator.Crds;

namespace PullDoctor.Operator.Reconciliation;

/// <summary>
/// The note of PullDoctor's Warning on a pod, in SPEC §1's order: the diagnosis' one sentence, how sure PullDoctor
/// is and why — Confirmed by the registry, or Likely from the kubelet's message and the reason the probe could not
/// answer — and last the fix with its command, so that the command ends the line (nothing to trim when it is
/// pasted). When the note is too long the summary is shortened, never the fix. Plain text: no Markdown.
/// </summary>
internal static class EventNotes
{
    /// <param name="primary">The status entry of the container that speaks for the pod.</param>
    /// <param name="summary">The status summary.</param>
    /// <param name="probeGap">Why the latest probe said nothing about the image, when it did not (<see cref="Diagnosis.ProbeGaps"/>).</param>
    public static string Failing(ContainerDiagnosis primary, string? summary, string? probeGap)
    {
        ArgumentNullException.ThrowIfNull(primary);
        var host = primary.Evidence?.Probe?.RegistryHost;
        var confidence = primary.Confidence == nameof(Confidence.Confirmed)
            ? (host is null ? "Confirmed by the registry" : $"Confirmed by the registry {host}")
                + (probeGap is null ? string.Empty : $" (earlier; the latest probe could not answer: {probeGap})")
            : "Likely, from the kubelet's message" + (probeGap is null ? string.Empty : $" ({probeGap})");
        var fix = primary.Remediation is [{ } step, ..]
            ? $" Fix: {LowerFirst(step.Text)}{(step.Command is null ? string.Empty : " " + step.Command)}"
            : string.Empty;
        var tail = $"{confidence}.{fix}";
        var room = Advice.EventNoteLimit - tail.Length - 1;
        if (string.IsNullOrEmpty(summary))
        {
            return Bounded(tail);
        }

        var sentence = summary.Length <= room ? summary : room > 1 ? summary[..(room - 1)] + "…" : string.Empty;
        return Bounded(sentence.Length == 0 ? tail : $"{sentence} {tail}");
    }

    // Only a fix longer than the whole note is cut (the limit is far above any command PullDoctor writes).
    private static string Bounded(string note) => note.Length <= Advice.EventNoteLimit ? note : note[..(Advice.EventNoteLimit - 1)] + "…";

    private static string LowerFirst(string? text) =>
        string.IsNullOrEmpty(text) ? string.Empty : char.ToLowerInvariant(text[0]) + text[1..];
}
