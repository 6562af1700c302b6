using System.Text.Json.Nodes;

namespace PullDoctor.Testing.Tests;

/// <summary>JSON merge patch, JSON patch, strategic merge patch and server-side apply.</summary>
public sealed class PatchTests : ApiServerTest
{
    private const string Merge = "application/merge-patch+json";
    private const string Json = "application/json-patch+json";
    private const string Strategic = "application/strategic-merge-patch+json";
    private const string Apply = "application/apply-patch+yaml";

    [Test]
    public async Task MergePatch_MergesObjects_NullDeletes_ListsReplace()
    {
        var cm = Objects.ConfigMap("a");
        cm["data"]!["other"] = "x";
        await Http.PostAsync("/api/v1/namespaces/default/configmaps", cm);

        var r = await Http.PatchAsync("/api/v1/namespaces/default/configmaps/a", JsonNode.Parse("""{"data":{"key":"new","other":null}}""")!, Merge);

        Assert.That(r.Status, Is.EqualTo(200));
        Assert.That(r.Json!["data"]!.ToJsonString(), Is.EqualTo("""{"key":"new"}"""));
    }

    [Test]
    public async Task MergePatch_WithStaleResourceVersion_Returns409()
    {
        await Http.PostAsync("/api/v1/namespaces/default/configmaps", Objects.ConfigMap("a"));
        var r = await Http.PatchAsync("/api/v1/namespaces/default/configmaps/a", JsonNode.Parse("""{"metadata":{"resourceVersion":"1"},"data":{"key":"new"}}""")!, Merge);

        Assert.That(r.Status, Is.EqualTo(409));
    }

    [Test]
    public async Task JsonPatch_FailedTestOperation_Returns422_AndChangesNothing()
    {
        var created = await Http.PostAsync("/api/v1/namespaces/default/configmaps", Objects.ConfigMap("a"));
        var r = await Http.PatchAsync("/api/v1/namespaces/default/configmaps/a",
            JsonNode.Parse("""[{"op":"test","path":"/metadata/resourceVersion","value":"1"},{"op":"replace","path":"/data/key","value":"z"}]""")!, Json);
        Assert.That(r.Status, Is.EqualTo(422));

        var ok = await Http.PatchAsync("/api/v1/namespaces/default/configmaps/a",
            JsonNode.Parse($$$"""[{"op":"test","path":"/metadata/resourceVersion","value":"{{{created.Rv}}}"},{"op":"replace","path":"/data/key","value":"z"},{"op":"add","path":"/metadata/labels","value":{"a":"b"}}]""")!, Json);
        Assert.That(ok.Status, Is.EqualTo(200));
        Assert.That(ok.Json!["data"]!["key"]!.ToString(), Is.EqualTo("z"));
        Assert.That(ok.Json!["metadata"]!["labels"]!["a"]!.ToString(), Is.EqualTo("b"));
    }

    [Test]
    public async Task StrategicMergePatch_MergesContainersByName()
    {
        var pod = Objects.Pod("p");
        pod["spec"]!["containers"]!.AsArray().Add(new JsonObject { ["name"] = "sidecar", ["image"] = "busybox:1" });
        await Http.PostAsync("/api/v1/namespaces/default/pods", pod);

        var r = await Http.PatchAsync("/api/v1/namespaces/default/pods/p", JsonNode.Parse("""{"spec":{"containers":[{"name":"sidecar","image":"busybox:2"}]}}""")!, Strategic);

        Assert.That(r.Status, Is.EqualTo(200), r.Text);
        var containers = r.Json!["spec"]!["containers"]!.AsArray();
        Assert.That(containers.Select(c => $"{c!["name"]}={c["image"]}"), Is.EqualTo(new[] { "web=nginx:1.25", "sidecar=busybox:2" }));
    }

    [Test]
    public async Task StrategicMergePatch_MergesConditionsByType_OnStatus()
    {
        await Http.PostAsync("/api/v1/namespaces/default/pods", Objects.Pod("p"));
        await Http.PatchAsync("/api/v1/namespaces/default/pods/p/status", JsonNode.Parse("""{"status":{"conditions":[{"type":"Ready","status":"False"},{"type":"PodScheduled","status":"True"}]}}""")!, Strategic);

        var r = await Http.PatchAsync("/api/v1/namespaces/default/pods/p/status", JsonNode.Parse("""{"status":{"conditions":[{"type":"Ready","status":"True"}]}}""")!, Strategic);

        var conditions = r.Json!["status"]!["conditions"]!.AsArray();
        Assert.That(conditions.Select(c => $"{c!["type"]}={c["status"]}"), Is.EquivalentTo(new[] { "Ready=True", "PodScheduled=True" }));
    }

    [Test]
    public async Task StrategicMergePatch_OwnerReferencesByUid_FinalizersAsSet_AndDeleteDirectives()
    {
        var cm = Objects.ConfigMap("a");
        cm["metadata"]!["finalizers"] = new JsonArray("a.example.com/f");
        cm["metadata"]!["ownerReferences"] = new JsonArray(new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Pod", ["name"] = "p1", ["uid"] = "u1" });
        await Http.PostAsync("/api/v1/namespaces/default/configmaps", cm);

        var r = await Http.PatchAsync("/api/v1/namespaces/default/configmaps/a", JsonNode.Parse("""
            {"metadata":{"finalizers":["b.example.com/f"],"ownerReferences":[{"apiVersion":"v1","kind":"Pod","name":"p2","uid":"u2"}]}}
            """)!, Strategic);
        Assert.That(r.Json!["metadata"]!["finalizers"]!.AsArray().Select(f => f!.ToString()), Is.EqualTo(new[] { "a.example.com/f", "b.example.com/f" }));
        Assert.That(r.Json!["metadata"]!["ownerReferences"]!.AsArray(), Has.Count.EqualTo(2));

        r = await Http.PatchAsync("/api/v1/namespaces/default/configmaps/a", JsonNode.Parse("""
            {"metadata":{"$deleteFromPrimitiveList/finalizers":["a.example.com/f"],"ownerReferences":[{"uid":"u1","$patch":"delete"}]}}
            """)!, Strategic);
        Assert.That(r.Json!["metadata"]!["finalizers"]!.AsArray().Select(f => f!.ToString()), Is.EqualTo(new[] { "b.example.com/f" }));
        Assert.That(r.Json!["metadata"]!["ownerReferences"]!.AsArray().Select(o => o!["uid"]!.ToString()), Is.EqualTo(new[] { "u2" }));
    }

    [Test]
    public async Task StrategicMergePatch_OnCustomResource_Returns415()
    {
        Server.Apply(Objects.WidgetCrd);
        await Http.PostAsync("/apis/demo.example.com/v1/namespaces/default/widgets", Objects.Widget("w"));

        var r = await Http.PatchAsync("/apis/demo.example.com/v1/namespaces/default/widgets/w", JsonNode.Parse("""{"spec":{"size":4}}""")!, Strategic);

        Assert.That(r.Status, Is.EqualTo(415));
    }

    [Test]
    public async Task ServerSideApply_CreatesThenUpdates_AndRemovesFieldsTheManagerNoLongerApplies()
    {
        var first = await Http.PatchAsync("/api/v1/namespaces/default/configmaps/a?fieldManager=tester", """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: a
              labels: {one: "1", two: "2"}
            data: {key: v}
            """, Apply);
        Assert.That(first.Status, Is.EqualTo(201), first.Text);
        Assert.That(first.Json!["metadata"]!["managedFields"]![0]!["operation"]!.ToString(), Is.EqualTo("Apply"));

        var second = await Http.PatchAsync("/api/v1/namespaces/default/configmaps/a?fieldManager=tester", """
            {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a","labels":{"one":"1"}},"data":{"key":"w"}}
            """, Apply);

        Assert.That(second.Status, Is.EqualTo(200), second.Text);
        Assert.That(second.Json!["metadata"]!["labels"]!.ToJsonString(), Is.EqualTo("""{"one":"1"}"""));
        Assert.That(second.Json!["data"]!["key"]!.ToString(), Is.EqualTo("w"));
    }

    [Test]
    public async Task ServerSideApply_WithoutFieldManager_Returns400()
    {
        var r = await Http.PatchAsync("/api/v1/namespaces/default/configmaps/a", """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a"}}""", Apply);

        Assert.That(r.Status, Is.EqualTo(400));
    }

    [Test]
    public async Task ServerSideApply_OnStatusSubresource_ChangesOnlyStatus()
    {
        Server.Apply(Objects.WidgetCrd);
        await Http.PostAsync("/apis/demo.example.com/v1/namespaces/default/widgets", Objects.Widget("w"));

        var r = await Http.PatchAsync("/apis/demo.example.com/v1/namespaces/default/widgets/w/status?fieldManager=op&force=true",
            """{"apiVersion":"demo.example.com/v1","kind":"Widget","metadata":{"name":"w"},"spec":{"size":9},"status":{"phase":"Ready"}}""", Apply);

        Assert.That(r.Status, Is.EqualTo(200), r.Text);
        Assert.That(r.Json!["status"]!["phase"]!.ToString(), Is.EqualTo("Ready"));
        Assert.That(r.Json!["spec"]!["size"]!.GetValue<int>(), Is.EqualTo(3));
        Assert.That(r.Json!["metadata"]!["generation"]!.GetValue<int>(), Is.EqualTo(1));
    }
}
