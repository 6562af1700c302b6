using System.Globalization;
using System.Text.Json.Nodes;

namespace PullDoctor.Testing.Tests;

/// <summary>Watch semantics: resume from a resourceVersion, initial state, bookmarks, timeouts, 410 Gone, selectors.</summary>
public sealed class WatchTests : ApiServerTest
{
    private protected override KubeApiServerOptions? Options => new KubeApiServerOptions { BookmarkInterval = TimeSpan.FromMilliseconds(200), WatchHistorySize = 50 };

    private static string Name(JsonObject e) => e["object"]!["metadata"]!["name"]!.ToString();

    private static string Type(JsonObject e) => e["type"]!.ToString();

    [Test]
    public async Task Watch_FromListResourceVersion_DeliversOnlyLaterEventsInOrder()
    {
        await Http.PostAsync("/api/v1/namespaces/default/configmaps", Objects.ConfigMap("before"));
        var list = await Http.GetAsync("/api/v1/namespaces/default/configmaps");
        using var watch = await Http.WatchAsync($"/api/v1/namespaces/default/configmaps?watch=1&resourceVersion={list.Rv}");

        var created = await Http.PostAsync("/api/v1/namespaces/default/configmaps", Objects.ConfigMap("after"));
        var patched = await Http.PatchAsync("/api/v1/namespaces/default/configmaps/after", JsonNode.Parse("""{"data":{"key":"2"}}""")!, "application/merge-patch+json");
        await Http.DeleteAsync("/api/v1/namespaces/default/configmaps/after");

        var added = await watch.NextAsync();
        var modified = await watch.NextAsync();
        var deleted = await watch.NextAsync();
        Assert.That(new[] { Type(added!), Type(modified!), Type(deleted!) }, Is.EqualTo(new[] { "ADDED", "MODIFIED", "DELETED" }));
        Assert.That(Name(added!), Is.EqualTo("after"));
        Assert.That(added!["object"]!["metadata"]!["resourceVersion"]!.ToString(), Is.EqualTo(created.Rv));
        Assert.That(modified!["object"]!["metadata"]!["resourceVersion"]!.ToString(), Is.EqualTo(patched.Rv));
        Assert.That(long.Parse(deleted!["object"]!["metadata"]!["resourceVersion"]!.ToString(), CultureInfo.InvariantCulture),
            Is.GreaterThan(long.Parse(patched.Rv!, CultureInfo.InvariantCulture)), "a DELETED event carries the deletion's resourceVersion");
    }

    [Test]
    public async Task Watch_WithoutResourceVersion_StartsWithSyntheticAddedForExistingObjects()
    {
        await Http.PostAsync("/api/v1/namespaces/default/configmaps", Objects.ConfigMap("a"));
        await Http.PostAsync("/api/v1/namespaces/default/configmaps", Objects.ConfigMap("b"));
        using var watch = await Http.WatchAsync("/api/v1/namespaces/default/configmaps?watch=true");

        var first = await watch.NextAsync();
        var second = await watch.NextAsync();

        Assert.That(new[] { $"{Type(first!)} {Name(first!)}", $"{Type(second!)} {Name(second!)}" }, Is.EqualTo(new[] { "ADDED a", "ADDED b" }));
    }

    [Test]
    public async Task Watch_AllowWatchBookmarks_SendsBookmarksWithOnlyResourceVersion()
    {
        await Http.PostAsync("/api/v1/namespaces/default/configmaps", Objects.ConfigMap("a"));
        using var watch = await Http.WatchAsync($"/api/v1/namespaces/default/configmaps?watch=1&allowWatchBookmarks=true&resourceVersion={Server.ResourceVersion}");

        var bookmark = await watch.NextAsync(TimeSpan.FromSeconds(5));

        Assert.That(Type(bookmark!), Is.EqualTo("BOOKMARK"));
        Assert.That(bookmark!["object"]!["kind"]!.ToString(), Is.EqualTo("ConfigMap"));
        Assert.That(bookmark!["object"]!["metadata"]!["resourceVersion"]!.ToString(), Is.EqualTo(Server.ResourceVersion.ToString(CultureInfo.InvariantCulture)));
        Assert.That(bookmark!["object"]!["metadata"]!["name"], Is.Null);
    }

    [Test]
    public async Task Watch_SendInitialEvents_EndsInitialStateWithAnnotatedBookmark()
    {
        await Http.PostAsync("/api/v1/namespaces/default/configmaps", Objects.ConfigMap("a"));
        using var watch = await Http.WatchAsync("/api/v1/namespaces/default/configmaps?watch=1&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true");

        var added = await watch.NextAsync();
        var end = await watch.NextAsync();

        Assert.That(Type(added!), Is.EqualTo("ADDED"));
        Assert.That(Type(end!), Is.EqualTo("BOOKMARK"));
        Assert.That(end!["object"]!["metadata"]!["annotations"]!["k8s.io/initial-events-end"]!.ToString(), Is.EqualTo("true"));
    }

    [Test]
    public async Task Watch_SendInitialEventsWithoutNotOlderThan_Returns422()
    {
        var r = await Http.GetAsync("/api/v1/namespaces/default/configmaps?watch=1&sendInitialEvents=true");

        Assert.That(r.Status, Is.EqualTo(422));
        Assert.That(r.Json!["message"]!.ToString(), Does.StartWith("ListOptions.meta.k8s.io \"\" is invalid: resourceVersionMatch: Forbidden: sendInitialEvents requires setting resourceVersionMatch to NotOlderThan"));
    }

    [Test]
    public async Task Watch_TimeoutSeconds_EndsTheStream()
    {
        using var watch = await Http.WatchAsync($"/api/v1/namespaces/default/configmaps?watch=1&timeoutSeconds=1&resourceVersion={Server.ResourceVersion}");

        var end = await watch.NextAsync(TimeSpan.FromSeconds(5));

        Assert.That(end, Is.Null);
    }

    [Test]
    public async Task Watch_FromResourceVersionOlderThanHistory_GetsErrorEvent410TooOldResourceVersion()
    {
        var first = await Http.PostAsync("/api/v1/namespaces/default/configmaps", Objects.ConfigMap("a"));
        for (var i = 0; i < 60; i++)
        {
            await Http.PatchAsync("/api/v1/namespaces/default/configmaps/a", JsonNode.Parse($$$"""{"data":{"key":"{{{i}}}"}}""")!, "application/merge-patch+json");
        }

        using var watch = await Http.WatchAsync($"/api/v1/namespaces/default/configmaps?watch=1&resourceVersion={first.Rv}");
        var error = await watch.NextAsync();

        Assert.That(watch.Status, Is.EqualTo(200));
        Assert.That(Type(error!), Is.EqualTo("ERROR"));
        var status = error!["object"]!;
        Assert.That(status["code"]!.GetValue<int>(), Is.EqualTo(410));
        Assert.That(status["reason"]!.ToString(), Is.EqualTo("Expired"));
        Assert.That(status["message"]!.ToString(), Does.Match(@"^too old resource version: \d+ \(\d+\)$"));
        Assert.That(await watch.NextAsync(), Is.Null);
    }

    [Test]
    public async Task Watch_WithLabelSelector_ObjectLeavingTheSelectionIsDeleted_EnteringIsAdded()
    {
        var rv = Server.ResourceVersion;
        using var watch = await Http.WatchAsync($"/api/v1/namespaces/default/configmaps?watch=1&labelSelector=app%3Dweb&resourceVersion={rv}");
        var cm = Objects.ConfigMap("a");
        await Http.PostAsync("/api/v1/namespaces/default/configmaps", cm);
        await Http.PatchAsync("/api/v1/namespaces/default/configmaps/a", JsonNode.Parse("""{"metadata":{"labels":{"app":"web"}}}""")!, "application/merge-patch+json");
        await Http.PatchAsync("/api/v1/namespaces/default/configmaps/a", JsonNode.Parse("""{"metadata":{"labels":{"app":"api"}}}""")!, "application/merge-patch+json");

        var entered = await watch.NextAsync();
        var left = await watch.NextAsync();

        Assert.That(Type(entered!), Is.EqualTo("ADDED"));
        Assert.That(Type(left!), Is.EqualTo("DELETED"));
        Assert.That(left!["object"]!["metadata"]!["labels"]!["app"]!.ToString(), Is.EqualTo("web"), "the last state that matched");
    }

    [Test]
    public async Task Watch_SingleObjectByFieldSelector_SeesOnlyThatObject()
    {
        using var watch = await Http.WatchAsync($"/api/v1/namespaces/default/configmaps?watch=1&fieldSelector=metadata.name%3Db&resourceVersion={Server.ResourceVersion}");
        await Http.PostAsync("/api/v1/namespaces/default/configmaps", Objects.ConfigMap("a"));
        await Http.PostAsync("/api/v1/namespaces/default/configmaps", Objects.ConfigMap("b"));

        var e = await watch.NextAsync();

        Assert.That(Name(e!), Is.EqualTo("b"));
    }

    [Test]
    public async Task Watch_AllNamespaces_SeesEveryNamespace()
    {
        Server.EnsureNamespace("other");
        using var watch = await Http.WatchAsync($"/api/v1/configmaps?watch=1&resourceVersion={Server.ResourceVersion}");
        await Http.PostAsync("/api/v1/namespaces/other/configmaps", Objects.ConfigMap("a"));
        await Http.PostAsync("/api/v1/namespaces/default/configmaps", Objects.ConfigMap("b"));

        var first = await watch.NextAsync();
        var second = await watch.NextAsync();

        Assert.That(new[] { first!["object"]!["metadata"]!["namespace"]!.ToString(), second!["object"]!["metadata"]!["namespace"]!.ToString() }, Is.EqualTo(new[] { "other", "default" }));
    }

    [Test]
    public async Task Watch_TooLargeResourceVersion_GetsTimeoutError()
    {
        using var watch = await Http.WatchAsync($"/api/v1/namespaces/default/configmaps?watch=1&resourceVersion={Server.ResourceVersion + 1000}");

        var error = await watch.NextAsync();

        Assert.That(error!["object"]!["code"]!.GetValue<int>(), Is.EqualTo(504));
        Assert.That(error!["object"]!["message"]!.ToString(), Does.StartWith("Too large resource version"));
    }
}
