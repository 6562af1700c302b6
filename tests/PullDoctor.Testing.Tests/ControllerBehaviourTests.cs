using System.Text.Json.Nodes;

namespace PullDoctor.Testing.Tests;

/// <summary>Garbage collection over ownerReferences, namespace termination, CRD cleanup.</summary>
public sealed class ControllerBehaviourTests
{
    private KubeApiServer _server = null!;
    private RawClient _http = null!;

    [SetUp]
    public async Task StartAsync()
    {
        _server = await KubeApiServer.StartAsync();
        _http = new RawClient(_server);
    }

    [TearDown]
    public async Task StopAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    private async Task<JsonObject> CreateOwnedConfigMapAsync(string name, params JsonObject[] owners)
    {
        var cm = Objects.ConfigMap(name);
        cm["metadata"]!["ownerReferences"] = new JsonArray(owners.Select(o => (JsonNode)Objects.OwnerRef(o, controller: false)).ToArray());
        return (await _http.PostAsync("/api/v1/namespaces/default/configmaps", cm)).Object;
    }

    [Test]
    public async Task DeletingOwner_BackgroundPropagation_GarbageCollectsDependents()
    {
        var pod = (await _http.PostAsync("/api/v1/namespaces/default/pods", Objects.Pod("owner"))).Object;
        await CreateOwnedConfigMapAsync("child", pod);

        await _http.DeleteAsync("/api/v1/namespaces/default/pods/owner");
        await _server.WhenControllersIdleAsync();

        Assert.That((await _http.GetAsync("/api/v1/namespaces/default/configmaps/child")).Status, Is.EqualTo(404));
    }

    [Test]
    public async Task DeletingOneOfTwoOwners_KeepsDependent_AndDropsTheDanglingReference()
    {
        var a = (await _http.PostAsync("/api/v1/namespaces/default/pods", Objects.Pod("a"))).Object;
        var b = (await _http.PostAsync("/api/v1/namespaces/default/pods", Objects.Pod("b"))).Object;
        await CreateOwnedConfigMapAsync("child", a, b);

        await _http.DeleteAsync("/api/v1/namespaces/default/pods/a");
        await _server.WhenControllersIdleAsync();

        var child = await _http.GetAsync("/api/v1/namespaces/default/configmaps/child");
        Assert.That(child.Status, Is.EqualTo(200));
        Assert.That(child.Json!["metadata"]!["ownerReferences"]!.AsArray().Select(o => o!["name"]!.ToString()), Is.EqualTo(new[] { "b" }));
    }

    [Test]
    public async Task DeletingOwner_OrphanPropagation_KeepsDependentsWithoutOwnerReference()
    {
        var pod = (await _http.PostAsync("/api/v1/namespaces/default/pods", Objects.Pod("owner"))).Object;
        await CreateOwnedConfigMapAsync("child", pod);

        await _http.DeleteAsync("/api/v1/namespaces/default/pods/owner", new JsonObject { ["propagationPolicy"] = "Orphan" });
        await _server.WhenControllersIdleAsync();

        Assert.That((await _http.GetAsync("/api/v1/namespaces/default/pods/owner")).Status, Is.EqualTo(404));
        var child = await _http.GetAsync("/api/v1/namespaces/default/configmaps/child");
        Assert.That(child.Status, Is.EqualTo(200));
        Assert.That(child.Json!["metadata"]!["ownerReferences"], Is.Null);
    }

    [Test]
    public async Task DeletingOwner_ForegroundPropagation_OwnerWaitsForBlockingDependents()
    {
        var rs = (await _http.PostAsync("/apis/apps/v1/namespaces/default/deployments", Objects.Deployment("web"))).Object;
        var cm = Objects.ConfigMap("child");
        cm["metadata"]!["ownerReferences"] = new JsonArray(Objects.OwnerRef(rs, block: true));
        cm["metadata"]!["finalizers"] = new JsonArray("example.com/hold");
        await _http.PostAsync("/api/v1/namespaces/default/configmaps", cm);

        var deleting = await _http.DeleteAsync("/apis/apps/v1/namespaces/default/deployments/web", new JsonObject { ["propagationPolicy"] = "Foreground" });
        await _server.WhenControllersIdleAsync();
        Assert.That(deleting.Status, Is.EqualTo(200));
        var owner = await _http.GetAsync("/apis/apps/v1/namespaces/default/deployments/web");
        Assert.That(owner.Json!["metadata"]!["finalizers"]!.AsArray().Select(f => f!.ToString()), Does.Contain("foregroundDeletion"));

        await _http.PatchAsync("/api/v1/namespaces/default/configmaps/child", JsonNode.Parse("""{"metadata":{"finalizers":null}}""")!, "application/merge-patch+json");
        await _server.WhenControllersIdleAsync();

        Assert.That((await _http.GetAsync("/apis/apps/v1/namespaces/default/deployments/web")).Status, Is.EqualTo(404));
    }

    [Test]
    public async Task DeletingNamespace_TerminatesIt_DeletesContent_ThenRemovesIt()
    {
        _server.EnsureNamespace("shop");
        await _http.PostAsync("/api/v1/namespaces/shop/configmaps", Objects.ConfigMap("a"));

        var deleting = await _http.DeleteAsync("/api/v1/namespaces/shop");
        Assert.That(deleting.Json!["status"]!["phase"]!.ToString(), Is.EqualTo("Terminating"));
        var refused = await _http.PostAsync("/api/v1/namespaces/shop/configmaps", Objects.ConfigMap("b"));
        await _server.WhenControllersIdleAsync();

        Assert.That(refused.Status, Is.AnyOf(403, 404));
        Assert.That((await _http.GetAsync("/api/v1/namespaces/shop/configmaps/a")).Status, Is.EqualTo(404));
        Assert.That((await _http.GetAsync("/api/v1/namespaces/shop")).Status, Is.EqualTo(404));
    }

    [Test]
    public async Task CreatingInTerminatingNamespace_Returns403NamespaceTerminating()
    {
        _server.EnsureNamespace("shop");
        var cm = Objects.ConfigMap("held");
        cm["metadata"]!["finalizers"] = new JsonArray("example.com/hold");
        await _http.PostAsync("/api/v1/namespaces/shop/configmaps", cm);
        await _http.DeleteAsync("/api/v1/namespaces/shop");
        await _server.WhenControllersIdleAsync();

        var refused = await _http.PostAsync("/api/v1/namespaces/shop/configmaps", Objects.ConfigMap("b"));

        Assert.That(refused.Status, Is.EqualTo(403));
        Assert.That(refused.Json!["message"]!.ToString(), Is.EqualTo("configmaps \"b\" is forbidden: unable to create new content in namespace shop because it is being terminated"));
        await _http.PatchAsync("/api/v1/namespaces/shop/configmaps/held", JsonNode.Parse("""{"metadata":{"finalizers":null}}""")!, "application/merge-patch+json");
    }

    [Test]
    public async Task NewNamespace_GetsDefaultServiceAccount()
    {
        await _http.PostAsync("/api/v1/namespaces", new JsonObject { ["metadata"] = new JsonObject { ["name"] = "shop" } });

        var sa = await _http.GetAsync("/api/v1/namespaces/shop/serviceaccounts/default");

        Assert.That(sa.Status, Is.EqualTo(200));
    }
}
