using System.Runtime.CompilerServices;
using System.Threading.Channels;
using k8s;
using k8s.Models;
using PullDoctor.Operator.Informers;

namespace PullDoctor.Operator.Tests.Informers;

/// <summary>
/// A list/watch a test drives by hand: list answers come from a function, and each watch call gets a
/// channel the test writes events (or in-stream errors, delivered through onError like the client does) to.
/// </summary>
internal sealed class ScriptedListWatch
{
    private readonly Channel<WatchScript> _watches = Channel.CreateUnbounded<WatchScript>();

    public Func<string?, ListPage<V1ConfigMap>> List { get; set; } = _ => new ListPage<V1ConfigMap>([], null, "1");

    public int ListCalls { get; private set; }

    public IListWatch<V1ConfigMap> AsListWatch() => new DelegateListWatch<V1ConfigMap>(
        "scripted config maps",
        (continueToken, _, _) =>
        {
            ListCalls++;
            return Task.FromResult(List(continueToken));
        },
        WatchAsync);

    public async Task<WatchScript> NextWatchAsync() => await _watches.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));

    private async IAsyncEnumerable<(WatchEventType, V1ConfigMap)> WatchAsync(string resourceVersion, int timeoutSeconds, Action<Exception> onError, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var script = new WatchScript(resourceVersion);
        _watches.Writer.TryWrite(script);
        await foreach (var item in script.Items.Reader.ReadAllAsync(cancellationToken))
        {
            if (item.Error is { } error)
            {
                onError(error);
                continue;
            }

            yield return (item.Type, item.Object!);
        }
    }

    internal sealed class WatchScript(string resourceVersion)
    {
        public string ResourceVersion { get; } = resourceVersion;

        public Channel<(WatchEventType Type, V1ConfigMap? Object, Exception? Error)> Items { get; } = Channel.CreateUnbounded<(WatchEventType, V1ConfigMap?, Exception?)>();

        public void Send(WatchEventType type, V1ConfigMap obj) => Items.Writer.TryWrite((type, obj, null));

        public void Fail(Exception error) => Items.Writer.TryWrite((WatchEventType.Error, null, error));

        public void Close() => Items.Writer.TryComplete();
    }

    public static V1ConfigMap Map(string name, string rv, string value = "v") => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "default", ResourceVersion = rv },
        Data = new Dictionary<string, string> { ["value"] = value },
    };

    public static V1ConfigMap Bookmark(string rv) => new() { Metadata = new V1ObjectMeta { ResourceVersion = rv } };
}
