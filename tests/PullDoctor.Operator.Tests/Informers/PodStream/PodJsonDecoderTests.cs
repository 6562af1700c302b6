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

/// <summary>The stream decoder against today's path (V1Pod deserialization, then PodProjection) on the same bytes.</summary>
public sealed class PodJsonDecoderTests
{
    private static IEnumerable<TestCaseData> Corpus() =>
        PodFixtureCorpus.All().Select(c => new TestCaseData(c.Pod.ToJsonString()).SetArgDisplayNames(c.Name));

    [TestCaseSource(nameof(Corpus))]
    public void Decode_FixtureOrGeneratedPod_EqualsTheProjectionOfTheV1Pod(string json) => AssertSameAsToday(json);

    [Test]
    public void Corpus_HoldsStuckAndHealthyPods_AndEveryPullFailureShape()
    {
        var pods = PodFixtureCorpus.All().Select(c => KubernetesJson.Deserialize<V1Pod>(c.Pod.ToJsonString())).ToList();
        var stuck = pods.Count(p => Try(() => PodProjection.IsStuck(p)) == true);
        Assert.Multiple(() =>
        {
            Assert.That(PodFixtureCorpus.RepositoryPods(), Has.Count.GreaterThanOrEqualTo(10));
            Assert.That(stuck, Is.GreaterThan(50));
            Assert.That(pods.Count - stuck, Is.GreaterThan(10));
        });
    }

    [TestCase("""{"metadata":{"name":"p","namespace":"n"},"status":{"containerStatuses":[{"name":"a","state":{"waiting":{"reason":"ErrImagePull"}}}]},"spec":{"containers":[{"name":"a","image":"x"}]}}""")]
    [TestCase("""{"m\u0065tadata":{"n\u0061me":"p\u002d1","namespace":"n"},"spec":{"containers":[{"name":"\u0061","image":"x\/y:1"}]},"status":{"containerStatuses":[{"name":"a","state":{"waiting":{"reason":"Err\u0049magePull","message":"\ud83d\ude00\u0000"}}}]}}""")]
    [TestCase("""{"metadata":{"name":"dup","name":"dup-2"},"spec":{"containers":[{"name":"a","image":"first"}],"containers":[{"name":"a","image":"second"}]},"status":{"containerStatuses":[{"name":"a","state":{"waiting":{"reason":"ErrImagePull"}}}],"containerStatuses":[{"name":"a","state":{"running":{}}}]}}""")]
    [TestCase("""{"metadata":{"name":"dup"},"spec":{"containers":[{"name":"a","image":"i"}]},"status":{"containerStatuses":[{"name":"a","state":{"waiting":{"reason":"ImagePullBackOff"},"waiting":{"reason":"ContainerCreating"}}}]}}""")]
    [TestCase("""{"metadata":{"name":"dup"},"spec":{"containers":[{"name":"a","image":"i"}]},"status":{"containerStatuses":[{"name":"a","state":{"waiting":{"reason":"ContainerCreating"}},"state":{"waiting":{"reason":"ErrImageNeverPull","message":"m"}}}]}}""")]
    [TestCase("""{"metadata":{"name":"dup"},"status":null,"spec":null}""")]
    [TestCase("""{"metadata":null,"status":{"containerStatuses":null,"initContainerStatuses":[]}}""")]
    [TestCase("""{}""")]
    [TestCase("""{"metadata":{"name":"p"},"status":{"containerStatuses":[{"name":null,"state":{"waiting":{"reason":"InvalidImageName"}}}]},"spec":{"containers":[{"image":"x"}]}}""")]
    [TestCase("""{"metadata":{"name":"p"},"status":{"containerStatuses":[null,{"name":"a","state":{"waiting":{"reason":"ErrImagePull"}}}]},"spec":{"containers":[{"name":"a"}]}}""")]
    [TestCase("""{"metadata":{"name":"p","ownerReferences":[null]},"status":{"containerStatuses":[{"name":"a","state":{"waiting":{"reason":"ErrImagePull"}}}]},"spec":{"containers":[{"name":"a"}]}}""")]
    [TestCase("""{"metadata":{"name":"p"},"status":{"containerStatuses":[{"name":"a","state":{"waiting":{"reason":"ErrImagePull"}}}]},"spec":{"containers":[{"name":"a"}],"imagePullSecrets":[null]}}""")]
    [TestCase("""{"metadata":{"name":"p"},"status":{"ephemeralContainerStatuses":[{"name":"e","state":{"waiting":{"reason":"SignatureValidationFailed"}}}]},"spec":{"containers":[{"name":"a"}]}}""")]
    [TestCase(""" {"metadata":{"name":"p"}} """)]
    public void Decode_EdgeCases_EqualsTheProjectionOfTheV1Pod(string json) => AssertSameAsToday(json);

    [TestCase("""{"metadata":{"name":"p"}""")]
    [TestCase("""{"metadata":{"name":"p"}}}""")]
    [TestCase("""{"metadata":{"name":5}}""")]
    [TestCase("""{"metadata":{"name":"p"},"status":{"containerStatuses":[{"name":"a","state":{"waiting":{"reason":7}}}]}}""")]
    [TestCase("""{"metadata":{"name":"p"},"status":{"containerStatuses":{"name":"a"}}}""")]
    [TestCase("""{"metadata":[],"status":{}}""")]
    [TestCase("""{"metadata":{"name":"p" "namespace":"n"}}""")]
    [TestCase("""{"metadata":{"name":"p\x"}}""")]
    [TestCase("""[]""")]
    [TestCase("")]
    [TestCase("""{"metadata":{"name":"p","ownerReferences":[{"controller":"true"}]},"status":{"containerStatuses":[{"name":"a","state":{"waiting":{"reason":"ErrImagePull"}}}]},"spec":{"containers":[{"name":"a"}]}}""")]
    public void Decode_MalformedOrMistyped_ThrowsJsonExceptionAsDeserializingDoes(string json)
    {
        Assert.Throws(Is.InstanceOf<JsonException>(), () => KubernetesJson.Deserialize<V1Pod>(json), "today's path");
        Assert.Throws(Is.InstanceOf<JsonException>(), () => PodJsonDecoder.Decode(Encoding.UTF8.GetBytes(json)));
    }

    [Test]
    public void Decode_DeeperThanTheSerializerAllows_FailsAsItDoes()
    {
        var json = """{"metadata":{"name":"p"},"spec":{"x":""" + new string('[', 70) + new string(']', 70) + "}}";
        Assert.Throws(Is.InstanceOf<JsonException>(), () => KubernetesJson.Deserialize<V1Pod>(json), "today's path");
        Assert.Throws(Is.InstanceOf<JsonException>(), () => PodJsonDecoder.Decode(Encoding.UTF8.GetBytes(json)));
    }

    [Test]
    public void Decode_HealthyPod_BuildsNoProjection()
    {
        var pod = PodFixtures.Running("healthy");
        var decoded = PodJsonDecoder.Decode(Encoding.UTF8.GetBytes(pod.ToJsonString()));
        Assert.Multiple(() =>
        {
            Assert.That(decoded.Snapshot, Is.Null);
            Assert.That(decoded.Key, Is.EqualTo(new ObjectKey("default", "healthy")));
            Assert.That(DecodedPod.IsStuck(decoded), Is.False);
        });
    }

    [Test]
    public void Decode_WithoutProjection_KeepsKeyAndResourceVersionOnly()
    {
        var pod = PodFixtures.Stuck("gone");
        pod["metadata"]!["resourceVersion"] = "42";
        var decoded = PodJsonDecoder.Decode(Encoding.UTF8.GetBytes(pod.ToJsonString()), project: false);
        Assert.That((decoded.Key, decoded.ResourceVersion, decoded.Snapshot), Is.EqualTo((new ObjectKey("default", "gone"), "42", (PodSnapshot?)null)));
    }

    /// <summary>Key, resourceVersion, the filter's answer (or its throwing) and the projection, field by field.</summary>
    internal static void AssertSameAsToday(string json)
    {
        var pod = KubernetesJson.Deserialize<V1Pod>(json);
        var decoded = PodJsonDecoder.Decode(Encoding.UTF8.GetBytes(json));
        var expectedStuck = Try(() => PodProjection.IsStuck(pod));
        var expected = expectedStuck == true ? Try(() => PodProjection.Project(pod)) : null;
        var actualStuck = Try(() => DecodedPod.IsStuck(decoded));
        Assert.Multiple(() =>
        {
            Assert.That(decoded.Key, Is.EqualTo(new ObjectKey(pod.Metadata?.NamespaceProperty, pod.Metadata?.Name ?? string.Empty)), "key");
            Assert.That(decoded.ResourceVersion, Is.EqualTo(pod.Metadata?.ResourceVersion), "resourceVersion");

            // Null: the filter or the projection threw on today's path; the decoded pod must be refused too.
            var todayKeeps = expectedStuck == true && expected is not null;
            Assert.That(actualStuck == true, Is.EqualTo(todayKeeps), "kept");
            if (expectedStuck is null || (expectedStuck == true && expected is null))
                Assert.That(actualStuck, Is.Null, "today's filter or transform throws; so must the decoded pod's filter");
            if (todayKeeps)
                AssertSameSnapshot(decoded.Snapshot!, expected!);
        });
    }

    internal static void AssertSameSnapshot(PodSnapshot actual, PodSnapshot expected)
    {
        Assert.That(actual, Is.EqualTo(expected), "snapshot");
        Assert.That(actual.ResourceVersion, Is.EqualTo(expected.ResourceVersion), "snapshot resourceVersion");
        Assert.That(actual.Containers, Is.EqualTo(expected.Containers).AsCollection, "containers, in order");
        Assert.That(actual.Owners, Is.EqualTo(expected.Owners).AsCollection, "owners");
        Assert.That(actual.ImagePullSecrets, Is.EqualTo(expected.ImagePullSecrets).AsCollection, "pull secrets");
    }

    internal static T? Try<T>(Func<T> read)
        where T : struct
    {
        try
        {
            return read();
        }
        catch (Exception ex) when (ex is not AssertionException)
        {
            return null;
        }
    }

    private static PodSnapshot? Try(Func<PodSnapshot> read)
    {
        try
        {
            return read();
        }
        catch (Exception ex) when (ex is not AssertionException)
        {
            return null;
        }
    }
}
