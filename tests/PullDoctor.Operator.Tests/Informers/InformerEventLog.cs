using System.Threading.Channels;
using PullDoctor.Operator.Informers;

namespace PullDoctor.Operator.Tests.Informers;

/// <summary>Collects informer events so a test can await them in order.</summary>
internal sealed class InformerEventLog<T>
{
    private readonly Channel<InformerEvent<T>> _events = Channel.CreateUnbounded<InformerEvent<T>>();

    public void Handle(InformerEvent<T> change) => _events.Writer.TryWrite(change);

    public async Task<InformerEvent<T>> NextAsync() =>
        await _events.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));

    /// <summary>Skips events until one matches.</summary>
    public async Task<InformerEvent<T>> NextMatchingAsync(Func<InformerEvent<T>, bool> match)
    {
        while (true)
        {
            var change = await NextAsync();
            if (match(change))
                return change;
        }
    }

    public int Pending => _events.Reader.Count;
}
