using System.Text;
using PullDoctor.Core.Classification;

namespace PullDoctor.Operator.Informers.PodStream;

/// <summary><see cref="ImagePullWaitingReasons.All"/> as UTF-8, to compare a reason on the wire without making it a string.</summary>
internal static class PullWaitingReasonsUtf8
{
    public static IReadOnlyList<byte[]> All { get; } = [.. ImagePullWaitingReasons.All.Select(Encoding.UTF8.GetBytes)];
}
