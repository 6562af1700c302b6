using System.Runtime.CompilerServices;
using k8s;

namespace PullDoctor.Operator.Caching;

/// <summary>
/// KubernetesClient's typed watch peeks the first line before it yields anything, so a watch the server closes before
/// sending one (a quiet watch at its timeout, or every watch of a custom resource when its CRD is deleted) throws
/// HttpRequestException(EndOfStreamException) instead of ending. It is the same thing as a normal close with no event:
/// the informer resumes (or, if it keeps happening at once, backs off as for any short watch) without a stack trace.
/// </summary>
internal static class WatchEnds
{
    public static async IAsyncEnumerable<(WatchEventType Type, T Object)> EmptyCloseIsNormal<T>(
        IAsyncEnumerable<(WatchEventType Type, T Object)> watch,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(watch);
        await using var events = watch.GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            try
            {
                if (!await events.MoveNextAsync())
                    yield break;
            }
            catch (HttpRequestException ex) when (ex.InnerException is EndOfStreamException && !cancellationToken.IsCancellationRequested)
            {
                yield break;
            }

            yield return events.Current;
        }
    }
}
