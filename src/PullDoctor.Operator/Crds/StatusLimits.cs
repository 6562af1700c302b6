namespace PullDoctor.Operator.Crds;

/// <summary>
/// The size limits of a diagnosis, one place for the CRD schema (as <c>maxLength</c>/<c>maxItems</c>, through the
/// <see cref="System.ComponentModel.DataAnnotations.MaxLengthAttribute"/>s on the model) and for what the operator
/// writes (<see cref="StatusBounds"/> enforces the same attributes). Everything in a status can come from outside (a
/// registry's tags, a runtime's message, a pod's names), so everything is bounded: the whole status stays far below
/// the API server's object size limit whatever the pod and registry hold.
/// </summary>
public static class StatusLimits
{
    /// <summary>Cause codes, reasons, phases, states: short words.</summary>
    public const int Word = 64;

    /// <summary>An image as written, or its normalized reference (names are at most 255, plus tag or digest).</summary>
    public const int Image = 512;

    public const int Host = 255;

    /// <summary>A summary, a condition message, a remediation step's text.</summary>
    public const int Sentence = 1024;

    public const int Explanation = 2048;

    /// <summary>A note beside the evidence (what the probe found, why it could not answer).</summary>
    public const int Note = 384;

    public const int Command = 1024;

    public const int Steps = 8;

    public const int Suggestions = 5;

    public const int PullSecrets = 16;

    /// <summary>Containers listed in one diagnosis; the summary counts the rest.</summary>
    public const int Containers = 16;

    /// <summary>The most a status serializes to with every field at its limit (checked by a test).</summary>
    public const int StatusBytes = 512 * 1024;
}
