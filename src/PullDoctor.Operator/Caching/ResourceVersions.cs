using System.Globalization;
using PullDoctor.Diagnosis;

namespace PullDoctor.Operator.Caching;

/// <summary>
/// Orders two resourceVersions of one resource. The API server's are etcd revisions, decimal integers that grow with
/// every write; client-go's MutationCache compares them as such (etcdObjectVersioner), and KEP-5504 makes that
/// comparison part of the API. A version that is not a decimal integer cannot be ordered.
/// </summary>
internal static class ResourceVersions
{
    /// <summary>Negative, zero or positive as <paramref name="a"/> is older, the same or newer; null when either is not a revision.</summary>
    public static int? Compare(string? a, string? b) =>
        ulong.TryParse(a, NumberStyles.None, CultureInfo.InvariantCulture, out var x) && ulong.TryParse(b, NumberStyles.None, CultureInfo.InvariantCulture, out var y)
            ? x.CompareTo(y)
            : null;
}
