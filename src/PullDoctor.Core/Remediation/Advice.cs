namespace PullDoctor.Core.Remediation;

/// <summary>What to tell a person: one sentence, the explanation, and ordered steps.</summary>
public sealed record Advice(string Summary, string Explanation, IReadOnlyList<RemediationStep> Steps)
{
    /// <summary>The API server rejects Event notes over 1 KiB (events.k8s.io/v1 validation).</summary>
    public const int EventNoteLimit = 1024;

    /// <summary>
    /// The summary and the first step in one line, the form of an Event on the pod:
    /// "nginx:1.25.x: tag "1.25.x" does not exist in docker.io/library/nginx. Did you mean 1.25.3? Fix: set the image of … : kubectl …".
    /// </summary>
    public string OneLine
    {
        get
        {
            var text = Summary;
            if (Steps.Count > 0)
            {
                var step = Steps[0];
                var stepText = step.Text.Length > 0 ? char.ToLowerInvariant(step.Text[0]) + step.Text[1..] : step.Text;
                text += $" Fix: {stepText}{(step.Command is null ? string.Empty : " " + step.Command)}";
            }

            return text.Length <= EventNoteLimit ? text : text[..(EventNoteLimit - 1)] + "…";
        }
    }
}
