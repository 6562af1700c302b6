namespace PullDoctor.Operator.Queues;

/// <summary>
/// client-go's workqueue.Type: a FIFO of distinct items plus a <c>dirty</c> set (needs processing) and a
/// <c>processing</c> set (handed to a worker). Waiting workers are handed items directly, in arrival order.
/// </summary>
internal sealed class WorkQueue<T> : IWorkQueue<T>
    where T : notnull
{
    private readonly Lock _gate = new();
    private readonly Queue<T> _queue = new();
    private readonly HashSet<T> _dirty = [];
    private readonly HashSet<T> _processing = [];
    private readonly LinkedList<TaskCompletionSource<(T, bool)>> _waiters = new();
    private bool _shuttingDown;
    private long _addsTotal;

    public int Length
    {
        get
        {
            lock (_gate)
            {
                return _queue.Count;
            }
        }
    }

    public long AddsTotal => Interlocked.Read(ref _addsTotal);

    public bool IsShuttingDown
    {
        get
        {
            lock (_gate)
            {
                return _shuttingDown;
            }
        }
    }

    /// <summary>Items currently handed out and not yet <see cref="Done"/> (for tests and diagnostics).</summary>
    public int ProcessingCount
    {
        get
        {
            lock (_gate)
            {
                return _processing.Count;
            }
        }
    }

    public void Add(T item)
    {
        lock (_gate)
        {
            if (_shuttingDown || !_dirty.Add(item))
                return;

            _addsTotal++;

            // Re-queued by Done: a key must never be held by two workers at once.
            if (_processing.Contains(item))
                return;

            EnqueueLocked(item);
        }
    }

    public Task<(T Item, bool ShuttingDown)> GetAsync(CancellationToken cancellationToken)
    {
        // A cancelled caller must not take an item it will not process.
        if (cancellationToken.IsCancellationRequested)
            return Task.FromCanceled<(T, bool)>(cancellationToken);

        lock (_gate)
        {
            if (_queue.TryDequeue(out var item))
            {
                MarkProcessingLocked(item);
                return Task.FromResult((item, false));
            }

            if (_shuttingDown)
                return Task.FromResult((default(T)!, true));

            var waiter = new TaskCompletionSource<(T, bool)>(TaskCreationOptions.RunContinuationsAsynchronously);
            var node = _waiters.AddLast(waiter);
            if (cancellationToken.CanBeCanceled)
            {
                // Removal under the lock makes cancellation and hand-off mutually exclusive: an item handed to
                // this waiter is never lost to a cancellation that races with it.
                var registration = cancellationToken.Register(() =>
                {
                    lock (_gate)
                    {
                        if (node.List is null)
                            return;
                        _waiters.Remove(node);
                    }

                    waiter.TrySetCanceled(cancellationToken);
                });
                waiter.Task.ContinueWith(
                    static (_, state) => ((CancellationTokenRegistration)state!).Dispose(),
                    registration,
                    CancellationToken.None,
                    TaskContinuationOptions.ExecuteSynchronously,
                    TaskScheduler.Default);
            }

            return waiter.Task;
        }
    }

    public void Done(T item)
    {
        lock (_gate)
        {
            _processing.Remove(item);
            if (_dirty.Contains(item))
                EnqueueLocked(item);
        }
    }

    public void ShutDown()
    {
        List<TaskCompletionSource<(T, bool)>> waiters;
        lock (_gate)
        {
            if (_shuttingDown)
                return;
            _shuttingDown = true;
            waiters = [.. _waiters];
            _waiters.Clear();
        }

        foreach (var waiter in waiters)
            waiter.TrySetResult((default!, true));
    }

    private void EnqueueLocked(T item)
    {
        if (_waiters.First is { } node)
        {
            _waiters.RemoveFirst();
            MarkProcessingLocked(item);
            node.Value.TrySetResult((item, false));
            return;
        }

        _queue.Enqueue(item);
    }

    private void MarkProcessingLocked(T item)
    {
        _dirty.Remove(item);
        _processing.Add(item);
    }
}
