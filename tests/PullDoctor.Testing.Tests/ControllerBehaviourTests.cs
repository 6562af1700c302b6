using System.Text.Json.Nodes;

namespace PullDoctor.Testing.Tests;

/// <summary>Garbage collection over ownerReferences, namespace termination, CRD cleanup.</summary>
public sealed class ControllerBehaviourTests : ApiServerTest
{

    private async Task<JsonObject> CreateOwnedConfigMapAsync(string name, params JsonObject[] owners)
    {
        var cm = Objects.ConfigMap(name);
        cm["metadata"]!["ownerReferences"] = new JsonArray(owners.Select(o => (JsonNode)Objects.OwnerRef(o, controller: false)).ToArray());
        return (await Http.PostAsync("/api/v1/namespaces/default/configmaps", cm)).Object;
    }

    [Test]
    public async Task DeletingOwner_BackgroundPropagation_GarbageCollectsDependents()
    {
        var pod = (await Http.PostAsync("/api/v1/namespaces/default/pods", Objects.Pod("owner"))).Object;
        await CreateOwnedConfigMapAsync("child", pod);

        await Http.DeleteAsync("/api/v1/namespaces/default/pods/owner");
        await Server.WhenControllersIdleAsync();

        Assert.That((await Http.GetAsync("/api/v1/namespaces/default/configmaps/child")).Status, Is.EqualTo(404));
    }

    [Test]
    public async Task DeletingOneOfTwoOwners_KeepsDependent_AndDropsTheDanglingReference()
    {
        var a = (await Http.PostAsync("/api/v1/namespaces/default/pods", Objects.Pod("a"))).Object;
        var b = (await Http.PostAsync("/api/v1/namespaces/default/pods", Objects.Pod("b"))).Object;
        await CreateOwnedConfigMapAsync("child", a, b);

        await Http.DeleteAsync("/api/v1/namespaces/default/pods/a");
        await Server.WhenControllersIdleAsync();

        var child = await Http.GetAsync("/api/v1/namespaces/default/configmaps/child");
        Assert.That(child.Status, Is.EqualTo(200));
        Assert.That(child.Json!["metadata"]!["ownerReferences"]!.AsArray().Select(o => o!["name"]!.ToString()), Is.EqualTo(new[] { "b" }));
    }

    [Test]
    public async Task DeletingOwner_OrphanPropagation_KeepsDependentsWithoutOwnerReference()
    {
        var pod = (await Http.PostAsync("/api/v1/namespaces/default/pods", Objects.Pod("owner"))).Object;
        await CreateOwnedConfigMapAsync("child", pod);

        await Http.DeleteAsync("/api/v1/namespaces/default/pods/owner", new JsonObject { ["propagationPolicy"] = "Orphan" });
        await Server.WhenControllersIdleAsync();

        Assert.That((await Http.GetAsync("/api/v1/namespaces/default/pods/owner")).Status, Is.EqualTo(404));
        var child = await Http.GetAsync("/api/v1/namespaces/default/configmaps/child");
        Assert.That(child.Status, Is.EqualTo(200));
        Assert.That(child.Json!["metadata"]!["ownerReferences"], Is.Null);
    }

    [Test]
    public async Task DeletingOwner_ForegroundPropagation_OwnerWaitsForBlockingDependents()
    {
        var rs = (await Http.PostAsync("/apis/apps/v1/namespaces/default/deployments", Objects.Deployment("web"))).Object;
        var cm = Objects.ConfigMap("child");
        cm["metadata"]!["ownerReferences"] = new JsonArray(Objects.OwnerRef(rs, block: true));
        cm["metadata"]!["finalizers"] = new JsonArray("example.com/hold");
        await Http.PostAsync("/api/v1/namespaces/default/configmaps", cm);

        var deleting = await Http.DeleteAsync("/apis/apps/v1/namespaces/default/deployments/web", new JsonObject { ["propagationPolicy"] = "Foreground" });
        await Server.WhenControllersIdleAsync();
        Assert.That(deleting.Status, Is.EqualTo(200));
        var owner = await Http.GetAsync("/apis/apps/v1/namespaces/default/deployments/web");
        Assert.That(owner.Json!["metadata"]!["finalizers"]!.AsArray().Select(f => f!.ToString()), Does.Contain("foregroundDeletion"));

        await Http.PatchAsync("/api/v1/namespaces/default/configmaps/child", JsonNode.Parse("""{"metadata":{"finalizers":null}}""")!, "application/merge-patch+json");
        await Server.WhenControllersIdleAsync();

        Assert.That((await Http.GetAsync("/apis/apps/v1/namespaces/default/deployments/web")).Status, Is.EqualTo(404));
    }

    [Test]
    public async Task DeletingNamespace_TerminatesIt_DeletesContent_ThenRemovesIt()
    {
        Server.EnsureNamespace("shop");
        await Http.PostAsync("/api/v1/namespaces/shop/configmaps", Objects.ConfigMap("a"));

        var deleting = await Http.DeleteAsync("/api/v1/namespaces/shop");
        Assert.That(deleting.Json!["status"]!["phase"]!.ToString(), Is.EqualTo("Terminating"));
        var refused = await Http.PostAsync("/api/v1/namespaces/shop/configmaps", Objects.ConfigMap("b"));
        await Server.WhenControllersIdleAsync();

        Assert.That(refused.Status, Is.AnyOf(403, 404));
        Assert.That((await Http.GetAsync("/api/v1/namespaces/shop/configmaps/a")).Status, Is.EqualTo(404));
        Assert.That((await Http.GetAsync("/api/v1/namespaces/shop")).Status, Is.EqualTo(404));
    }

    [Test]
    public async Task CreatingInTerminatingNamespace_Returns403NamespaceTerminating()
    {
        Server.EnsureNamespace("shop");
        var cm = Objects.ConfigMap("held");
        cm["metadata"]!["finalizers"] = new JsonArray("example.com/hold");
        await Http.PostAsync("/api/v1/namespaces/shop/configmaps", cm);
        await Http.DeleteAsync("/api/v1/namespaces/shop");
        await Server.WhenControllersIdleAsync();

        var refused = await Http.PostAsync("/api/v1/namespaces/shop/configmaps", Objects.ConfigMap("b"));

        Assert.That(refused.Status, Is.EqualTo(403));
        Assert.That(refused.Json!["message"]!.ToString(), Is.EqualTo("configmaps \"b\" is forbidden: unable to create new content in namespace shop because it is being terminated"));
        await Http.PatchAsync("/api/v1/namespaces/shop/configmaps/held", JsonNode.Parse("""{"metadata":{"finalizers":null}}""")!, "application/merge-patch+json");
    }

    [Test]
    public async Task NewNamespace_GetsDefaultServiceAccount()
    {
        await Http.PostAsync("/api/v1/namespaces", new JsonObject { ["metadata"] = new JsonObject { ["name"] = "shop" } });

        var sa = await Http.GetAsync("/api/v1/namespaces/shop/serviceaccounts/default");

        Assert.That(sa.Status, Is.EqualTo(200));
    }
}
