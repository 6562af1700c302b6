using System.Text.Json.Nodes;

namespace PullDoctor.Testing.Tests;

/// <summary>labelSelector, fieldSelector, and list pagination with limit/continue.</summary>
public sealed class SelectorAndPaginationTests : ApiServerTest
{

    private static string[] Names(RawClient.Response r) => r.Json!["items"]!.AsArray().Select(i => i!["metadata"]!["name"]!.ToString()).ToArray();

    [Test]
    public async Task LabelSelector_SupportsEqualityInequalitySetsAndExistence()
    {
        await Http.PostAsync("/api/v1/namespaces/default/pods", Objects.Pod("a", labels: new() { ["app"] = "web", ["tier"] = "front" }));
        await Http.PostAsync("/api/v1/namespaces/default/pods", Objects.Pod("b", labels: new() { ["app"] = "api" }));
        await Http.PostAsync("/api/v1/namespaces/default/pods", Objects.Pod("c"));

        Assert.Multiple(async () =>
        {
            Assert.That(Names(await Http.GetAsync("/api/v1/namespaces/default/pods?labelSelector=app%3Dweb")), Is.EqualTo(new[] { "a" }));
            Assert.That(Names(await Http.GetAsync("/api/v1/namespaces/default/pods?labelSelector=app!%3Dweb")), Is.EqualTo(new[] { "b", "c" }));
            Assert.That(Names(await Http.GetAsync("/api/v1/namespaces/default/pods?labelSelector=app%20in%20(web,api)")), Is.EqualTo(new[] { "a", "b" }));
            Assert.That(Names(await Http.GetAsync("/api/v1/namespaces/default/pods?labelSelector=app%20notin%20(web)")), Is.EqualTo(new[] { "b", "c" }));
            Assert.That(Names(await Http.GetAsync("/api/v1/namespaces/default/pods?labelSelector=tier")), Is.EqualTo(new[] { "a" }));
            Assert.That(Names(await Http.GetAsync("/api/v1/namespaces/default/pods?labelSelector=!app")), Is.EqualTo(new[] { "c" }));
            Assert.That(Names(await Http.GetAsync("/api/v1/namespaces/default/pods?labelSelector=app%3Dweb,tier%3Dfront")), Is.EqualTo(new[] { "a" }));
        });
    }

    [Test]
    public async Task FieldSelector_OnPodNodeNameAndPhase()
    {
        await Http.PostAsync("/api/v1/namespaces/default/pods", Objects.Pod("a", nodeName: "n1"));
        await Http.PostAsync("/api/v1/namespaces/default/pods", Objects.Pod("b", nodeName: "n2"));

        Assert.That(Names(await Http.GetAsync("/api/v1/pods?fieldSelector=spec.nodeName%3Dn1")), Is.EqualTo(new[] { "a" }));
        Assert.That(Names(await Http.GetAsync("/api/v1/pods?fieldSelector=status.phase%3DPending,metadata.name!%3Da")), Is.EqualTo(new[] { "b" }));
    }

    [Test]
    public async Task FieldSelector_OnEventInvolvedObject()
    {
        foreach (var (name, pod) in new[] { ("e1", "a"), ("e2", "b") })
        {
            await Http.PostAsync("/api/v1/namespaces/default/events", new JsonObject
            {
                ["metadata"] = new JsonObject { ["name"] = name },
                ["involvedObject"] = new JsonObject { ["kind"] = "Pod", ["name"] = pod, ["namespace"] = "default" },
                ["reason"] = "Failed",
                ["message"] = "Failed to pull image",
                ["type"] = "Warning",
            });
        }

        var r = await Http.GetAsync("/api/v1/namespaces/default/events?fieldSelector=involvedObject.kind%3DPod,involvedObject.name%3Db,reason%3DFailed");

        Assert.That(Names(r), Is.EqualTo(new[] { "e2" }));
    }

    [Test]
    public async Task FieldSelector_UnsupportedField_Returns400()
    {
        var r = await Http.GetAsync("/api/v1/namespaces/default/pods?fieldSelector=spec.bogus%3Dx");

        Assert.That(r.Status, Is.EqualTo(400));
        Assert.That(r.Json!["message"]!.ToString(), Is.EqualTo("field label not supported: spec.bogus"));
    }

    [Test]
    public async Task List_HasListKindAndResourceVersion()
    {
        await Http.PostAsync("/api/v1/namespaces/default/pods", Objects.Pod("a"));
        var r = await Http.GetAsync("/api/v1/namespaces/default/pods");

        Assert.That(r.Json!["kind"]!.ToString(), Is.EqualTo("PodList"));
        Assert.That(r.Json!["apiVersion"]!.ToString(), Is.EqualTo("v1"));
        Assert.That(r.Rv, Is.EqualTo(Server.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Test]
    public async Task Pagination_LimitAndContinue_ServeOneConsistentSnapshot()
    {
        for (var i = 0; i < 5; i++)
        {
            await Http.PostAsync("/api/v1/namespaces/default/configmaps", Objects.ConfigMap($"c{i}"));
        }

        var first = await Http.GetAsync("/api/v1/namespaces/default/configmaps?limit=2");
        Assert.That(Names(first), Is.EqualTo(new[] { "c0", "c1" }));
        Assert.That(first.Json!["metadata"]!["remainingItemCount"]!.GetValue<long>(), Is.EqualTo(3));
        var token = first.Json!["metadata"]!["continue"]!.ToString();

        // Changes after the first page are not seen by the rest of the list.
        await Http.PostAsync("/api/v1/namespaces/default/configmaps", Objects.ConfigMap("c9"));
        await Http.DeleteAsync("/api/v1/namespaces/default/configmaps/c4");

        var second = await Http.GetAsync($"/api/v1/namespaces/default/configmaps?limit=2&continue={token}");
        var third = await Http.GetAsync($"/api/v1/namespaces/default/configmaps?limit=2&continue={second.Json!["metadata"]!["continue"]}");

        Assert.That(Names(second), Is.EqualTo(new[] { "c2", "c3" }));
        Assert.That(Names(third), Is.EqualTo(new[] { "c4" }));
        Assert.That(third.Json!["metadata"]!["continue"], Is.Null);
        Assert.That(second.Rv, Is.EqualTo(first.Rv));
    }

    [Test]
    public async Task Pagination_ExpiredContinue_Returns410WithInconsistentContinueToken()
    {
        for (var i = 0; i < 3; i++)
        {
            await Http.PostAsync("/api/v1/namespaces/default/configmaps", Objects.ConfigMap($"c{i}"));
        }

        var first = await Http.GetAsync("/api/v1/namespaces/default/configmaps?limit=1");
        Server.Faults.CompactHistory();
        var expired = await Http.GetAsync($"/api/v1/namespaces/default/configmaps?limit=1&continue={first.Json!["metadata"]!["continue"]}");

        Assert.That(expired.Status, Is.EqualTo(410));
        Assert.That(expired.Json!["reason"]!.ToString(), Is.EqualTo("Expired"));
        Assert.That(expired.Json!["message"]!.ToString(), Does.StartWith("The provided continue parameter is too old to display a consistent list result."));
        var inconsistent = expired.Json!["metadata"]!["continue"]!.ToString();
        var rest = await Http.GetAsync($"/api/v1/namespaces/default/configmaps?continue={inconsistent}");
        Assert.That(Names(rest), Is.EqualTo(new[] { "c1", "c2" }));
    }

    [Test]
    public async Task List_AcrossNamespaces_IsSortedByNamespaceThenName()
    {
        Server.EnsureNamespace("b-ns");
        await Http.PostAsync("/api/v1/namespaces/b-ns/configmaps", Objects.ConfigMap("z"));
        await Http.PostAsync("/api/v1/namespaces/default/configmaps", Objects.ConfigMap("a"));

        var r = await Http.GetAsync("/api/v1/configmaps");

        Assert.That(r.Json!["items"]!.AsArray().Select(i => $"{i!["metadata"]!["namespace"]}/{i["metadata"]!["name"]}"), Is.EqualTo(new[] { "b-ns/z", "default/a" }));
    }
}
