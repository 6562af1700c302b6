namespace PullDoctor.Operator.Informers;

/// <summary>A list-then-watch cache of projections with change notifications.</summary>
internal interface IInformer<T>
{
    string Name { get; }

    IObjectStore<T> Store { get; }

    InformerStats Stats { get; }

    /// <summary>True once the first full list has been applied to the store.</summary>
    bool HasSynced { get; }

    /// <summary>The resourceVersion the next watch resumes from (last event or bookmark).</summary>
    string? LastResourceVersion { get; }

    Task WaitForSyncAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Registers a handler; it first receives Added for every key already kept, then every change, in order,
    /// on its own task. Dispose the result to unregister.
    /// </summary>
    IDisposable AddHandler(Action<InformerEvent<T>> handler);
}
