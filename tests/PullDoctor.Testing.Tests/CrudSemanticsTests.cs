using System.Text.Json.Nodes;

namespace PullDoctor.Testing.Tests;

/// <summary>Create/get/update/delete as kube-apiserver does them, with its exact Status bodies.</summary>
public sealed class CrudSemanticsTests : ApiServerTest
{
    [Test]
    public async Task Create_SetsUidCreationTimestampResourceVersion_AndReturns201()
    {
        var r = await Http.PostAsync("/api/v1/namespaces/default/configmaps", Objects.ConfigMap("a"));

        Assert.That(r.Status, Is.EqualTo(201));
        var meta = r.Json!["metadata"]!;
        Assert.Multiple(() =>
        {
            Assert.That(Guid.TryParse(meta["uid"]!.ToString(), out _), Is.True);
            Assert.That(meta["creationTimestamp"]!.ToString(), Does.Match(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$"));
            Assert.That(long.Parse(meta["resourceVersion"]!.ToString(), System.Globalization.CultureInfo.InvariantCulture), Is.GreaterThan(0));
            Assert.That(meta["namespace"]!.ToString(), Is.EqualTo("default"));
            Assert.That(r.Json!["kind"]!.ToString(), Is.EqualTo("ConfigMap"));
            Assert.That(meta["generation"], Is.Null, "configmaps have no generation");
        });
    }

    [Test]
    public async Task Seed_ObjectBuiltInCode_IsStoredAsItsWireForm()
    {
        // A JsonObject built from CLR values (JsonValue<int>), as tests build pods: stored as a client's JSON would be.
        var pod = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = new JsonObject { ["name"] = "seeded", ["namespace"] = "default" },
            ["spec"] = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = "app", ["image"] = "nginx:1.25" }) },
            ["status"] = new JsonObject { ["containerStatuses"] = new JsonArray(new JsonObject { ["name"] = "app", ["image"] = "nginx:1.25", ["imageID"] = "", ["ready"] = false, ["restartCount"] = 3 }) },
        };

        Server.CreateOrReplace(pod);
        var r = await Http.GetAsync("/api/v1/namespaces/default/pods/seeded");

        Assert.That((int?)r.Json?["status"]?["containerStatuses"]?[0]?["restartCount"], Is.EqualTo(3), r.Text);
    }

    [Test]
    public async Task Create_ExistingName_Returns409AlreadyExistsStatus()
    {
        await Http.PostAsync("/api/v1/namespaces/default/configmaps", Objects.ConfigMap("a"));
        var r = await Http.PostAsync("/api/v1/namespaces/default/configmaps", Objects.ConfigMap("a"));

        Assert.That(r.Status, Is.EqualTo(409));
        Assert.That(JsonNode.DeepEquals(r.Json, JsonNode.Parse("""
            {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"configmaps \"a\" already exists","reason":"AlreadyExists","details":{"name":"a","kind":"configmaps"},"code":409}
            """)), Is.True, r.Text);
    }

    [Test]
    public async Task Get_Missing_Returns404StatusNamingGroupResource()
    {
        var r = await Http.GetAsync("/apis/apps/v1/namespaces/default/deployments/nope");

        Assert.That(r.Status, Is.EqualTo(404));
        Assert.That(JsonNode.DeepEquals(r.Json, JsonNode.Parse("""
            {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"deployments.apps \"nope\" not found","reason":"NotFound","details":{"name":"nope","group":"apps","kind":"deployments"},"code":404}
            """)), Is.True, r.Text);
    }

    [Test]
    public async Task Update_StaleResourceVersion_Returns409Conflict()
    {
        var created = (await Http.PostAsync("/api/v1/namespaces/default/configmaps", Objects.ConfigMap("a"))).Object;
        var first = (JsonObject)created.DeepClone();
        first["data"]!["key"] = "b";
        Assert.That((await Http.PutAsync("/api/v1/namespaces/default/configmaps/a", first)).Status, Is.EqualTo(200));

        var stale = (JsonObject)created.DeepClone();
        stale["data"]!["key"] = "c";
        var r = await Http.PutAsync("/api/v1/namespaces/default/configmaps/a", stale);

        Assert.That(r.Status, Is.EqualTo(409));
        Assert.That(r.Json!["reason"]!.ToString(), Is.EqualTo("Conflict"));
        Assert.That(r.Json!["message"]!.ToString(), Is.EqualTo("Operation cannot be fulfilled on configmaps \"a\": the object has been modified; please apply your changes to the latest version and try again"));
    }

    [Test]
    public async Task ResourceVersion_IsOneGlobalMonotonicCounterAcrossResources()
    {
        var rvs = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            rvs.Add(long.Parse((await Http.PostAsync("/api/v1/namespaces/default/configmaps", Objects.ConfigMap($"c{i}"))).Rv!, System.Globalization.CultureInfo.InvariantCulture));
            rvs.Add(long.Parse((await Http.PostAsync("/api/v1/namespaces/default/pods", Objects.Pod($"p{i}"))).Rv!, System.Globalization.CultureInfo.InvariantCulture));
        }

        Assert.That(rvs, Is.Ordered.Ascending);
        Assert.That(rvs.Distinct().Count(), Is.EqualTo(rvs.Count));
    }

    [Test]
    public async Task Update_WithoutChanges_KeepsResourceVersion()
    {
        var created = (await Http.PostAsync("/api/v1/namespaces/default/configmaps", Objects.ConfigMap("a"))).Object;
        var again = await Http.PutAsync("/api/v1/namespaces/default/configmaps/a", created);

        Assert.That(again.Rv, Is.EqualTo(created["metadata"]!["resourceVersion"]!.ToString()));
    }

    [Test]
    public async Task Generation_BumpsOnSpecChange_NotOnStatusOrMetadata()
    {
        var d = (await Http.PostAsync("/apis/apps/v1/namespaces/default/deployments", Objects.Deployment("web"))).Object;
        Assert.That(d["metadata"]!["generation"]!.GetValue<long>(), Is.EqualTo(1));

        d["metadata"]!["labels"] = new JsonObject { ["x"] = "y" };
        d = (await Http.PutAsync("/apis/apps/v1/namespaces/default/deployments/web", d)).Object;
        Assert.That(d["metadata"]!["generation"]!.GetValue<long>(), Is.EqualTo(1));

        d["status"] = new JsonObject { ["replicas"] = 1 };
        d = (await Http.PutAsync("/apis/apps/v1/namespaces/default/deployments/web/status", d)).Object;
        Assert.That(d["metadata"]!["generation"]!.GetValue<long>(), Is.EqualTo(1));

        d["spec"]!["replicas"] = 3;
        d = (await Http.PutAsync("/apis/apps/v1/namespaces/default/deployments/web", d)).Object;
        Assert.That(d["metadata"]!["generation"]!.GetValue<long>(), Is.EqualTo(2));
    }

    [Test]
    public async Task StatusSubresource_MainEndpointIgnoresStatus_StatusEndpointIgnoresSpec()
    {
        var pod = (await Http.PostAsync("/api/v1/namespaces/default/pods", Objects.Pod("p"))).Object;
        Assert.That(pod["status"]!["phase"]!.ToString(), Is.EqualTo("Pending"), "create resets status");

        pod["status"]!["phase"] = "Running";
        pod["metadata"]!["labels"] = new JsonObject { ["a"] = "b" };
        pod = (await Http.PutAsync("/api/v1/namespaces/default/pods/p", pod)).Object;
        Assert.That(pod["status"]!["phase"]!.ToString(), Is.EqualTo("Pending"));
        Assert.That(pod["metadata"]!["labels"]!["a"]!.ToString(), Is.EqualTo("b"));

        pod["status"]!["phase"] = "Running";
        pod["spec"]!["containers"]![0]!["image"] = "nginx:1.26";
        pod = (await Http.PutAsync("/api/v1/namespaces/default/pods/p/status", pod)).Object;
        Assert.That(pod["status"]!["phase"]!.ToString(), Is.EqualTo("Running"));
        Assert.That(pod["spec"]!["containers"]![0]!["image"]!.ToString(), Is.EqualTo("nginx:1.25"));
    }

    [Test]
    public async Task Pod_Defaults_AsTheDefaultersAndAdmissionSetThem()
    {
        var pod = (await Http.PostAsync("/api/v1/namespaces/default/pods", Objects.Pod("p", image: "nginx"))).Object;

        Assert.Multiple(() =>
        {
            Assert.That(pod["spec"]!["containers"]![0]!["imagePullPolicy"]!.ToString(), Is.EqualTo("Always"), "no tag means :latest");
            Assert.That(pod["spec"]!["serviceAccountName"]!.ToString(), Is.EqualTo("default"));
            Assert.That(pod["spec"]!["restartPolicy"]!.ToString(), Is.EqualTo("Always"));
            Assert.That(pod["status"]!["qosClass"]!.ToString(), Is.EqualTo("BestEffort"));
            Assert.That(pod["spec"]!["tolerations"]!.AsArray(), Has.Count.EqualTo(2));
        });
    }

    [Test]
    public async Task Create_InvalidPod_Returns422WithFieldCauses()
    {
        var pod = Objects.Pod("p");
        pod["spec"]!["containers"]![0]!.AsObject().Remove("image");
        var r = await Http.PostAsync("/api/v1/namespaces/default/pods", pod);

        Assert.That(r.Status, Is.EqualTo(422));
        Assert.That(r.Json!["reason"]!.ToString(), Is.EqualTo("Invalid"));
        Assert.That(r.Json!["message"]!.ToString(), Is.EqualTo("Pod \"p\" is invalid: spec.containers[0].image: Required value"));
        Assert.That(r.Json!["details"]!["causes"]![0]!["field"]!.ToString(), Is.EqualTo("spec.containers[0].image"));
        Assert.That(r.Json!["details"]!["causes"]![0]!["reason"]!.ToString(), Is.EqualTo("FieldValueRequired"));
    }

    [Test]
    public async Task Create_InvalidName_Returns422()
    {
        var r = await Http.PostAsync("/api/v1/namespaces/default/configmaps", Objects.ConfigMap("Not_Valid"));

        Assert.That(r.Status, Is.EqualTo(422));
        Assert.That(r.Json!["message"]!.ToString(), Does.StartWith("ConfigMap \"Not_Valid\" is invalid: metadata.name: Invalid value: \"Not_Valid\": a lowercase RFC 1123 subdomain"));
    }

    [Test]
    public async Task PodUpdate_ChangingImmutableSpec_Returns422_ButImageMayChange()
    {
        var pod = (await Http.PostAsync("/api/v1/namespaces/default/pods", Objects.Pod("p"))).Object;
        pod["spec"]!["containers"]![0]!["image"] = "nginx:1.26";
        var ok = await Http.PutAsync("/api/v1/namespaces/default/pods/p", pod);
        Assert.That(ok.Status, Is.EqualTo(200));

        var changed = ok.Object;
        changed["spec"]!["restartPolicy"] = "Never";
        var r = await Http.PutAsync("/api/v1/namespaces/default/pods/p", changed);
        Assert.That(r.Status, Is.EqualTo(422));
        Assert.That(r.Json!["message"]!.ToString(), Does.Contain("pod updates may not change fields other than"));
    }

    [Test]
    public async Task GenerateName_AppendsFiveRandomCharacters()
    {
        var cm = Objects.ConfigMap("x");
        cm["metadata"] = new JsonObject { ["generateName"] = "web-" };
        var r = await Http.PostAsync("/api/v1/namespaces/default/configmaps", cm);

        Assert.That(r.Json!["metadata"]!["name"]!.ToString(), Does.Match("^web-[bcdfghjklmnpqrstvwxz2456789]{5}$"));
    }

    [Test]
    public async Task Create_InMissingNamespace_Returns404NamespaceNotFound()
    {
        var r = await Http.PostAsync("/api/v1/namespaces/nope/configmaps", Objects.ConfigMap("a"));

        Assert.That(r.Status, Is.EqualTo(404));
        Assert.That(r.Json!["message"]!.ToString(), Is.EqualTo("namespaces \"nope\" not found"));
    }

    [Test]
    public async Task Delete_WithFinalizers_SetsDeletionTimestamp_AndRemovesWhenFinalizersCleared()
    {
        var cm = Objects.ConfigMap("a");
        cm["metadata"]!["finalizers"] = new JsonArray("example.com/hold");
        await Http.PostAsync("/api/v1/namespaces/default/configmaps", cm);

        var deleting = await Http.DeleteAsync("/api/v1/namespaces/default/configmaps/a");
        Assert.That(deleting.Status, Is.EqualTo(200));
        Assert.That(deleting.Json!["metadata"]!["deletionTimestamp"], Is.Not.Null);
        var still = await Http.GetAsync("/api/v1/namespaces/default/configmaps/a");
        Assert.That(still.Status, Is.EqualTo(200));

        var cleared = still.Object;
        cleared["metadata"]!["finalizers"] = new JsonArray();
        Assert.That((await Http.PutAsync("/api/v1/namespaces/default/configmaps/a", cleared)).Status, Is.EqualTo(200));
        Assert.That((await Http.GetAsync("/api/v1/namespaces/default/configmaps/a")).Status, Is.EqualTo(404));
    }

    [Test]
    public async Task Delete_ConfigMap_ReturnsSuccessStatus_AndPodReturnsTheObject()
    {
        await Http.PostAsync("/api/v1/namespaces/default/configmaps", Objects.ConfigMap("a"));
        await Http.PostAsync("/api/v1/namespaces/default/pods", Objects.Pod("p"));

        var cm = await Http.DeleteAsync("/api/v1/namespaces/default/configmaps/a");
        var pod = await Http.DeleteAsync("/api/v1/namespaces/default/pods/p");

        Assert.That(cm.Json!["kind"]!.ToString(), Is.EqualTo("Status"));
        Assert.That(cm.Json!["status"]!.ToString(), Is.EqualTo("Success"));
        Assert.That(pod.Json!["kind"]!.ToString(), Is.EqualTo("Pod"));
    }

    [Test]
    public async Task Delete_UidPreconditionMismatch_Returns409()
    {
        await Http.PostAsync("/api/v1/namespaces/default/configmaps", Objects.ConfigMap("a"));
        var r = await Http.DeleteAsync("/api/v1/namespaces/default/configmaps/a", new JsonObject { ["preconditions"] = new JsonObject { ["uid"] = "other" } });

        Assert.That(r.Status, Is.EqualTo(409));
        Assert.That(r.Json!["message"]!.ToString(), Does.Contain("Precondition failed: UID in precondition: other"));
    }

    [Test]
    public async Task UnknownField_IsDropped_WithWarning_OrRejectedWhenStrict()
    {
        var cm = Objects.ConfigMap("a");
        cm["bogus"] = 1;
        var warned = await Http.PostAsync("/api/v1/namespaces/default/configmaps", cm);
        Assert.That(warned.Status, Is.EqualTo(201));
        Assert.That(warned.Json!["bogus"], Is.Null);
        Assert.That(warned.Headers["Warning"], Is.EqualTo("299 - \"unknown field \\\"bogus\\\"\""));

        cm["metadata"]!["name"] = "b";
        var strict = await Http.PostAsync("/api/v1/namespaces/default/configmaps?fieldValidation=Strict", cm);
        Assert.That(strict.Status, Is.EqualTo(400));
        Assert.That(strict.Json!["message"]!.ToString(), Is.EqualTo("ConfigMap in version \"v1\" cannot be handled as a ConfigMap: strict decoding error: unknown field \"bogus\""));
    }

    [Test]
    public async Task DryRun_ValidatesButDoesNotPersist()
    {
        var r = await Http.PostAsync("/api/v1/namespaces/default/configmaps?dryRun=All", Objects.ConfigMap("a"));

        Assert.That(r.Status, Is.EqualTo(200));
        Assert.That((await Http.GetAsync("/api/v1/namespaces/default/configmaps/a")).Status, Is.EqualTo(404));
    }
}
