using System.Text.Json.Nodes;

namespace PullDoctor.Testing.Tests;

/// <summary>CRDs: established, discoverable, custom resources validated, defaulted and pruned against the schema.</summary>
public sealed class CustomResourceTests : ApiServerTest
{
    private const string Widgets = "/apis/demo.example.com/v1/namespaces/default/widgets";

    private protected override async Task OnServerStartedAsync()
    {
        var crd = (JsonObject)Yaml.YamlLoader.ParseDocuments(Objects.WidgetCrd)[0];
        var created = await Http.PostAsync("/apis/apiextensions.k8s.io/v1/customresourcedefinitions", crd);
        Assert.That(created.Status, Is.EqualTo(201), created.Text);
    }

    [Test]
    public async Task CreatedCrd_IsEstablished_AndServedInDiscovery()
    {
        var crd = await Http.GetAsync("/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.demo.example.com");
        var conditions = crd.Json!["status"]!["conditions"]!.AsArray();
        Assert.That(conditions.Any(c => c!["type"]!.ToString() == "Established" && c["status"]!.ToString() == "True"), Is.True);
        Assert.That(crd.Json!["metadata"]!["finalizers"]![0]!.ToString(), Is.EqualTo("customresourcecleanup.apiextensions.k8s.io"));

        var groups = await Http.GetAsync("/apis");
        Assert.That(groups.Json!["groups"]!.AsArray().Select(g => g!["name"]!.ToString()), Does.Contain("demo.example.com"));
        var resources = await Http.GetAsync("/apis/demo.example.com/v1");
        Assert.That(resources.Json!["resources"]!.AsArray().Select(r => r!["name"]!.ToString()), Is.EqualTo(new[] { "widgets", "widgets/status" }));
        Assert.That(resources.Json!["resources"]![0]!["shortNames"]![0]!.ToString(), Is.EqualTo("wg"));
    }

    [Test]
    public async Task CustomResource_WrongType_Returns422WithSchemaMessage()
    {
        var r = await Http.PostAsync(Widgets, Objects.Widget("w", JsonValue.Create("big")));

        Assert.That(r.Status, Is.EqualTo(422));
        Assert.That(r.Json!["message"]!.ToString(), Is.EqualTo("Widget.demo.example.com \"w\" is invalid: spec.size: Invalid value: \"string\": spec.size in body must be of type integer: \"string\""));
        Assert.That(r.Json!["details"]!["causes"]![0]!["reason"]!.ToString(), Is.EqualTo("FieldValueTypeInvalid"));
    }

    [Test]
    public async Task CustomResource_RequiredEnumAndMinimum_AreValidated()
    {
        var w = Objects.Widget("w", 0);
        w["spec"]!["color"] = "green";
        var r = await Http.PostAsync(Widgets, w);

        Assert.That(r.Status, Is.EqualTo(422));
        var causes = r.Json!["details"]!["causes"]!.AsArray().Select(c => c!["field"] + ": " + c["message"]).ToArray();
        Assert.That(causes, Does.Contain("spec.size: Invalid value: 0: spec.size in body should be greater than or equal to 1"));
        Assert.That(causes, Does.Contain("spec.color: Unsupported value: \"green\": supported values: \"red\", \"blue\""));

        var missing = new JsonObject { ["apiVersion"] = "demo.example.com/v1", ["kind"] = "Widget", ["metadata"] = new JsonObject { ["name"] = "m" }, ["spec"] = new JsonObject() };
        var r2 = await Http.PostAsync(Widgets, missing);
        Assert.That(r2.Json!["message"]!.ToString(), Is.EqualTo("Widget.demo.example.com \"m\" is invalid: spec.size: Required value"));
    }

    [Test]
    public async Task CustomResource_UnknownFields_ArePruned_OrRejectedWithStrictFieldValidation()
    {
        var w = Objects.Widget("w");
        w["spec"]!["bogus"] = true;
        var pruned = await Http.PostAsync(Widgets, w);
        Assert.That(pruned.Status, Is.EqualTo(201));
        Assert.That(pruned.Json!["spec"]!["bogus"], Is.Null);
        Assert.That(pruned.Headers["Warning"], Does.Contain("unknown field \\\"spec.bogus\\\""));

        w["metadata"]!["name"] = "w2";
        var strict = await Http.PostAsync(Widgets + "?fieldValidation=Strict", w);
        Assert.That(strict.Status, Is.EqualTo(400));
        Assert.That(strict.Json!["message"]!.ToString(), Is.EqualTo("Widget in version \"v1\" cannot be handled as a Widget: strict decoding error: unknown field \"spec.bogus\""));
    }

    [Test]
    public async Task CustomResource_SchemaDefaults_AreApplied()
    {
        var r = await Http.PostAsync(Widgets, Objects.Widget("w"));

        Assert.That(r.Json!["spec"]!["mode"]!.ToString(), Is.EqualTo("Fast"));
    }

    [Test]
    public async Task CustomResource_GenerationBumpsOnSpec_NotOnStatus_AndStatusOnlyViaSubresource()
    {
        var w = (await Http.PostAsync(Widgets, Objects.Widget("w"))).Object;
        w["status"] = new JsonObject { ["phase"] = "Ready" };
        var main = (await Http.PutAsync(Widgets + "/w", w)).Object;
        Assert.That(main["status"], Is.Null, "the main endpoint ignores status");
        Assert.That(main["metadata"]!["generation"]!.GetValue<int>(), Is.EqualTo(1));

        main["status"] = new JsonObject { ["phase"] = "Ready" };
        var status = (await Http.PutAsync(Widgets + "/w/status", main)).Object;
        Assert.That(status["status"]!["phase"]!.ToString(), Is.EqualTo("Ready"));
        Assert.That(status["metadata"]!["generation"]!.GetValue<int>(), Is.EqualTo(1));

        status["spec"]!["size"] = 5;
        var bumped = (await Http.PutAsync(Widgets + "/w", status)).Object;
        Assert.That(bumped["metadata"]!["generation"]!.GetValue<int>(), Is.EqualTo(2));
        Assert.That(bumped["status"]!["phase"]!.ToString(), Is.EqualTo("Ready"));
    }

    [Test]
    public async Task CustomResource_UpdateWithoutResourceVersion_Returns422()
    {
        var w = (await Http.PostAsync(Widgets, Objects.Widget("w"))).Object;
        w["metadata"]!.AsObject().Remove("resourceVersion");

        var r = await Http.PutAsync(Widgets + "/w", w);

        Assert.That(r.Status, Is.EqualTo(422));
        Assert.That(r.Json!["message"]!.ToString(), Does.Contain("metadata.resourceVersion: Invalid value: 0x0: must be specified for an update"));
    }

    [Test]
    public async Task DeletingCrd_DeletesItsCustomResources_ThenStopsServingThem()
    {
        await Http.PostAsync(Widgets, Objects.Widget("w"));

        await Http.DeleteAsync("/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.demo.example.com");
        await Server.WhenControllersIdleAsync();

        Assert.That((await Http.GetAsync("/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.demo.example.com")).Status, Is.EqualTo(404));
        Assert.That((await Http.GetAsync(Widgets)).Status, Is.EqualTo(404));
    }

    [Test]
    public async Task InvalidCrd_NameNotPluralDotGroup_Returns422()
    {
        var crd = (JsonObject)Yaml.YamlLoader.ParseDocuments(Objects.WidgetCrd)[0];
        crd["metadata"]!["name"] = "wrong.demo.example.com";

        var r = await Http.PostAsync("/apis/apiextensions.k8s.io/v1/customresourcedefinitions", crd);

        Assert.That(r.Status, Is.EqualTo(422));
        Assert.That(r.Json!["message"]!.ToString(), Does.Contain("must be spec.names.plural+\".\"+spec.group"));
    }

    [Test]
    public async Task CustomResource_Table_UsesAdditionalPrinterColumns()
    {
        await Http.PostAsync(Widgets, Objects.Widget("w"));

        var table = await Http.GetAsync(Widgets, accept: "application/json;as=Table;v=v1;g=meta.k8s.io");

        Assert.That(table.Json!["kind"]!.ToString(), Is.EqualTo("Table"));
        Assert.That(table.Json!["columnDefinitions"]!.AsArray().Select(c => c!["name"]!.ToString()), Is.EqualTo(new[] { "Name", "Size", "Phase", "Age" }));
        Assert.That(table.Json!["rows"]![0]!["cells"]![0]!.ToString(), Is.EqualTo("w"));
        Assert.That(table.Json!["rows"]![0]!["cells"]![1]!.GetValue<int>(), Is.EqualTo(3));
    }
}
