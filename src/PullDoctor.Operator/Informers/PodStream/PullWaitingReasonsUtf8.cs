using System.Text;
using PullDoctor.Operator.Diagnosis;

namespace PullDoctor.Operator.Informers.PodStream;

/// <summary><see cref="PullWaitingReasons.All"/> as UTF-8, to compare a reason on the wire without making it a string.</summary>
internal static class PullWaitingReasonsUtf8
{
    public static IReadOnlyList<byte[]> All { get; } = [.. PullWaitingReasons.All.Select(Encoding.UTF8.GetBytes)];
}
