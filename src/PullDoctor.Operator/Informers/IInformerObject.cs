using PullDoctor.Operator.Queues;

namespace PullDoctor.Operator.Informers;

/// <summary>
/// An object an informer can key without a <c>V1ObjectMeta</c>: what a stream decoder yields when it keeps only the
/// fields it needs (see <see cref="PodStream.DecodedPod"/>).
/// </summary>
internal interface IInformerObject
{
    ObjectKey Key { get; }

    /// <summary>metadata.resourceVersion (the only field of a bookmark), or null.</summary>
    string? ResourceVersion { get; }
}
