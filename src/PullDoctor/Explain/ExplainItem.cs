using PullDoctor.Core.Classification;

namespace PullDoctor.Cli.Explain;

/// <summary>One thing to explain: an input line, or one stuck container found in structured input.</summary>
/// <param name="Message">The message shown back (the line, or the most telling message seen).</param>
/// <param name="Evidence">What classification reads.</param>
/// <param name="Namespace">The pod's namespace, when the input says.</param>
/// <param name="Pod">The pod's name, when the input says.</param>
/// <param name="Container">The container's name, when the input says.</param>
internal sealed record ExplainItem(string Message, PullEvidence Evidence, string? Namespace = null, string? Pod = null, string? Container = null)
{
    public static ExplainItem ForLine(string line) => new(line, new PullEvidence { WaitingMessage = line });
}
