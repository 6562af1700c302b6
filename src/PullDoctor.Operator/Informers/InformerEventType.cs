namespace PullDoctor.Operator.Informers;

internal enum InformerEventType
{
    /// <summary>A key entered the store (new object, or an object that now passes the filter).</summary>
    Added,

    /// <summary>A kept object's projection changed.</summary>
    Updated,

    /// <summary>
    /// A key left the store: the object was deleted, stopped passing the filter, or vanished while the watch
    /// was down (synthesized on relist). The projection is the last one kept.
    /// </summary>
    Deleted,
}
