using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using PullDoctor.Diagnosis;
using k8s;
using k8s.Models;
using PullDoctor.Operator.Diagnosis;
using PullDoctor.Operator.Informers.PodStream;
using PullDoctor.Operator.Queues;

namespace PullDoctor.Operator.Tests.Informers.PodStream;

/// <summary>
/// The stream readers over whole responses as the API server sends them, delivered in pieces of 1 to 7 bytes (a
/// pod, a line or a page never arrives whole): every fixture pod decoded as V1Pod + PodProjection reads it; a bad
/// line between good ones, a Status line, and a list cut short are errors as the client's own readers make them.
/// </summary>
public sealed class PodStreamTests
{
    private const int Bound = 16 * 1024 * 1024;

    private static readonly IReadOnlyList<JsonObject> Fixtures = PodFixtureCorpus.RepositoryPods().Select(p => p.Pod).ToList();

    [Test]
    public async Task List_EveryFixturePodInOnePage_DeliveredInTinyPieces_ReadsAsToday()
    {
        var items = new JsonArray(Fixtures.Select(p => (JsonNode)p.DeepClone()).ToArray());
        var page = new JsonObject
        {
            ["kind"] = "PodList",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject { ["resourceVersion"] = "4711", ["continue"] = "next-page" },
            ["items"] = items,
        };

        var read = await PodListStream.ReadAsync(Trickle(page.ToJsonString()), Bound, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That((read.ResourceVersion, read.Continue), Is.EqualTo(("4711", "next-page")));
            Assert.That(read.Items, Has.Count.EqualTo(Fixtures.Count));
            for (var i = 0; i < Fixtures.Count; i++)
            {
                AssertSameAsV1Pod(read.Items[i], Fixtures[i]);
            }
        });
    }

    [Test]
    public void List_CutShort_IsADecodeError()
    {
        var json = new JsonObject { ["kind"] = "PodList", ["metadata"] = new JsonObject { ["resourceVersion"] = "1" }, ["items"] = new JsonArray(Fixtures[0].DeepClone()) }.ToJsonString();

        Assert.ThrowsAsync(Is.InstanceOf<JsonException>(), () => PodListStream.ReadAsync(Trickle(json[..(json.Length / 2)]), Bound, CancellationToken.None));
    }

    [Test]
    public async Task Watch_GoodLinesAroundABadOneAndAStatus_DecodesTheGood_AndReportsTheRestInOrder()
    {
        var stuck = Fixtures.First(p => PodProjection.IsStuck(KubernetesJson.Deserialize<V1Pod>(p.ToJsonString())));
        var healthy = Fixtures.First(p => !PodProjection.IsStuck(KubernetesJson.Deserialize<V1Pod>(p.ToJsonString())));
        var gone = new JsonObject { ["type"] = "ERROR", ["object"] = new JsonObject { ["kind"] = "Status", ["apiVersion"] = "v1", ["status"] = "Failure", ["message"] = "too old resource version: 5 (4711)", ["reason"] = "Expired", ["code"] = 410 } };
        var body = string.Join(
            "\n",
            Line("ADDED", stuck),
            "{\"type\":\"MODIFIED\",\"object\":{\"metadata\":",
            Line("MODIFIED", healthy),
            gone.ToJsonString(),
            Line("DELETED", stuck)) + "\r\n";
        var errors = new List<Exception>();

        var events = new List<(WatchEventType Type, DecodedPod Pod)>();
        await foreach (var e in PodWatchStream.ReadAsync(Trickle(body), Bound, errors.Add, CancellationToken.None))
        {
            events.Add(e);
        }

        Assert.Multiple(() =>
        {
            Assert.That(events.Select(e => e.Type), Is.EqualTo(new[] { WatchEventType.Added, WatchEventType.Modified, WatchEventType.Deleted }));
            AssertSameAsV1Pod(events[0].Pod, stuck);
            AssertSameAsV1Pod(events[1].Pod, healthy);
            Assert.That(errors, Has.Count.EqualTo(2));
            Assert.That(errors.FirstOrDefault(), Is.InstanceOf<JsonException>(), "the cut line is a decode error");
            Assert.That(errors.Skip(1).FirstOrDefault() is KubernetesException { Status.Code: (int)HttpStatusCode.Gone }, Is.True, "the Status line is the API's 410, for the informer's relist");
        });
    }

    private static string Line(string type, JsonObject pod) => new JsonObject { ["type"] = type, ["object"] = pod.DeepClone() }.ToJsonString();

    private static void AssertSameAsV1Pod(DecodedPod decoded, JsonObject pod)
    {
        var typed = KubernetesJson.Deserialize<V1Pod>(pod.ToJsonString());
        Assert.That(decoded.Key, Is.EqualTo(new ObjectKey(typed.Metadata?.NamespaceProperty, typed.Metadata?.Name ?? string.Empty)));
        Assert.That(decoded.ResourceVersion, Is.EqualTo(typed.Metadata?.ResourceVersion));
        if (PodProjection.IsStuck(typed))
        {
            PodJsonDecoderTests.AssertSameSnapshot(decoded.Snapshot!, PodProjection.Project(typed));
        }
        else
        {
            Assert.That(decoded.Snapshot, Is.Null);
        }
    }

    /// <summary>The bytes, handed out 1 to 7 at a time (seeded), as a slow connection would.</summary>
    private static Stream Trickle(string text) => new TrickleStream(Encoding.UTF8.GetBytes(text), new Random(16));

    private sealed class TrickleStream(byte[] bytes, Random random) : Stream
    {
        private int _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => bytes.Length;

        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = Math.Min(Math.Min(count, random.Next(1, 8)), bytes.Length - _position);
            Array.Copy(bytes, _position, buffer, offset, n);
            _position += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
