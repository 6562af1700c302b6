using PullDoctor.Operator.Queues;

namespace PullDoctor.Operator.Informers;

/// <summary>A change of the store, handed to handlers off the read loop.</summary>
/// <param name="Type">What happened to the key.</param>
/// <param name="Key">Namespace and name of the object.</param>
/// <param name="Object">The new projection (Added, Updated) or the last kept one (Deleted).</param>
/// <param name="OldObject">The previous projection for Updated; otherwise default.</param>
internal sealed record InformerEvent<T>(InformerEventType Type, ObjectKey Key, T Object, T? OldObject = default);
