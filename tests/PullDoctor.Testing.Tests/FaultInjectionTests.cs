using System.Diagnostics;
using System.Text.Json.Nodes;

namespace PullDoctor.Testing.Tests;

/// <summary>Scripted faults and the request log.</summary>
public sealed class FaultInjectionTests : ApiServerTest
{
    [Test]
    public async Task FailNext_429_CarriesRetryAfterAndTooManyRequestsStatus_ThenRecovers()
    {
        Server.Faults.FailNext(2, 429, verb: "list", resource: "pods", retryAfter: TimeSpan.FromSeconds(3));

        var first = await Http.GetAsync("/api/v1/namespaces/default/pods");
        var second = await Http.GetAsync("/api/v1/namespaces/default/pods");
        var other = await Http.GetAsync("/api/v1/namespaces/default/configmaps");
        var third = await Http.GetAsync("/api/v1/namespaces/default/pods");

        Assert.That(first.Status, Is.EqualTo(429));
        Assert.That(first.Headers["Retry-After"], Is.EqualTo("3"));
        Assert.That(first.Json!["reason"]!.ToString(), Is.EqualTo("TooManyRequests"));
        Assert.That(first.Json!["details"]!["retryAfterSeconds"]!.GetValue<int>(), Is.EqualTo(3));
        Assert.That(second.Status, Is.EqualTo(429));
        Assert.That(other.Status, Is.EqualTo(200));
        Assert.That(third.Status, Is.EqualTo(200));
    }

    [Test]
    public async Task FailNext_500And503_OnWritesOfASubresource()
    {
        await Http.PostAsync("/api/v1/namespaces/default/pods", Objects.Pod("p"));
        Server.Faults.FailNext(1, 500, verb: "patch", resource: "pods/status");
        Server.Faults.FailNext(1, 503, verb: "patch", resource: "pods/status");
        var patch = JsonNode.Parse("""{"status":{"phase":"Running"}}""")!;

        var a = await Http.PatchAsync("/api/v1/namespaces/default/pods/p/status", patch, "application/merge-patch+json");
        var b = await Http.PatchAsync("/api/v1/namespaces/default/pods/p/status", patch, "application/merge-patch+json");
        var c = await Http.PatchAsync("/api/v1/namespaces/default/pods/p/status", patch, "application/merge-patch+json");

        Assert.That(new[] { a.Status, b.Status, c.Status }, Is.EqualTo(new[] { 500, 503, 200 }));
        Assert.That(a.Json!["reason"]!.ToString(), Is.EqualTo("InternalError"));
        Assert.That(b.Json!["reason"]!.ToString(), Is.EqualTo("ServiceUnavailable"));
    }

    [Test]
    public async Task ConflictNextUpdate_MakesTheNextWriteFail409()
    {
        await Http.PostAsync("/api/v1/namespaces/default/configmaps", Objects.ConfigMap("a"));
        Server.Faults.ConflictNextUpdate("configmaps", "a");
        var patch = JsonNode.Parse("""{"data":{"key":"x"}}""")!;

        var conflicted = await Http.PatchAsync("/api/v1/namespaces/default/configmaps/a", patch, "application/merge-patch+json");
        var retried = await Http.PatchAsync("/api/v1/namespaces/default/configmaps/a", patch, "application/merge-patch+json");

        Assert.That(conflicted.Status, Is.EqualTo(409));
        Assert.That(conflicted.Json!["reason"]!.ToString(), Is.EqualTo("Conflict"));
        Assert.That(retried.Status, Is.EqualTo(200));
    }

    [Test]
    public async Task CloseAllWatches_EndsOpenStreams()
    {
        using var watch = await Http.WatchAsync($"/api/v1/namespaces/default/pods?watch=1&resourceVersion={Server.ResourceVersion}");
        await Task.Yield();

        // The watch registers on the server a moment after its response starts: retry closing until it has one,
        // bounded, so a watch that never registers fails the test instead of hanging it.
        var deadline = Stopwatch.StartNew();
        var closed = 0;
        while ((closed = Server.Faults.CloseAllWatches()) == 0 && deadline.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(10);
        }

        Assert.That(closed, Is.Positive, "the watch never registered on the server within 10 s");
        Assert.That(await watch.NextAsync(), Is.Null, "the stream ends (NextAsync gives up after 10 s)");
    }

    [Test]
    public async Task CompactHistory_NextWatchFromOldResourceVersion_Gets410()
    {
        var rv = (await Http.PostAsync("/api/v1/namespaces/default/configmaps", Objects.ConfigMap("a"))).Rv;
        await Http.PostAsync("/api/v1/namespaces/default/configmaps", Objects.ConfigMap("b"));
        Server.Faults.CompactHistory();

        using var watch = await Http.WatchAsync($"/api/v1/namespaces/default/configmaps?watch=1&resourceVersion={rv}");
        var e = await watch.NextAsync();

        Assert.That(e!["type"]!.ToString(), Is.EqualTo("ERROR"));
        Assert.That(e["object"]!["code"]!.GetValue<int>(), Is.EqualTo(410));
    }

    [Test]
    public async Task Delay_SlowsMatchingRequests()
    {
        using var rule = Server.Faults.Delay(TimeSpan.FromMilliseconds(300), verb: "get", resource: "configmaps", count: 1);
        var started = DateTime.UtcNow;

        await Http.GetAsync("/api/v1/namespaces/default/configmaps/a");

        Assert.That(DateTime.UtcNow - started, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(290)));
    }

    [Test]
    public async Task RequestLog_RecordsVerbResourceSubresourceStatusAndDuration()
    {
        await Http.PostAsync("/api/v1/namespaces/default/pods", Objects.Pod("p"));
        await Http.PatchAsync("/api/v1/namespaces/default/pods/p/status", JsonNode.Parse("""{"status":{"phase":"Running"}}""")!, "application/merge-patch+json");
        await Http.GetAsync("/api/v1/namespaces/default/pods/missing");
        await Http.GetAsync("/api/v1/pods");

        var log = Server.Requests;
        Assert.That(log.Count("create", "pods"), Is.EqualTo(1));
        Assert.That(log.Where("patch", "pods/status").Single().StatusCode, Is.EqualTo(200));
        Assert.That(log.Where("get", "pods").Single().StatusCode, Is.EqualTo(404));
        Assert.That(log.Where("list", "pods").Single().Namespace, Is.Empty);
        Assert.That(log.Writes().Select(w => (w.Verb, w.ResourceWithSubresource)), Is.EqualTo(new[] { ("create", "pods"), ("patch", "pods/status") }));
        Assert.That(log.Entries.All(e => e.Duration > TimeSpan.Zero), Is.True);
        Assert.That(log.VerbsUsed(), Does.Contain(("patch", "", "pods/status")));
    }
}
