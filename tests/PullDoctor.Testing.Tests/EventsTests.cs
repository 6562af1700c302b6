using System.Text.Json.Nodes;

namespace PullDoctor.Testing.Tests;

/// <summary>core/v1 and events.k8s.io/v1 Events are two views of one resource.</summary>
public sealed class EventsTests
{
    [Test]
    public async Task EventsV1Event_IsVisibleAsCoreEvent_WithConvertedFields()
    {
        await using var server = await KubeApiServer.StartAsync();
        using var http = new RawClient(server);
        var created = await http.PostAsync("/apis/events.k8s.io/v1/namespaces/default/events", JsonNode.Parse("""
            {"metadata":{"name":"web.1"},"eventTime":"2025-01-01T00:00:00.000000Z","reportingController":"pulldoctor.dev/operator",
             "reportingInstance":"op-1","action":"Diagnose","reason":"TagNotFound","type":"Warning","note":"tag missing",
             "regarding":{"kind":"Pod","name":"web","namespace":"default","uid":"u1"}}
            """)!);
        Assert.That(created.Status, Is.EqualTo(201), created.Text);

        var core = await http.GetAsync("/api/v1/namespaces/default/events?fieldSelector=involvedObject.name%3Dweb");
        var e = core.Json!["items"]![0]!;
        Assert.Multiple(() =>
        {
            Assert.That(e["kind"]!.ToString(), Is.EqualTo("Event"));
            Assert.That(e["message"]!.ToString(), Is.EqualTo("tag missing"));
            Assert.That(e["involvedObject"]!["uid"]!.ToString(), Is.EqualTo("u1"));
            Assert.That(e["reportingComponent"]!.ToString(), Is.EqualTo("pulldoctor.dev/operator"));
        });
        var v1 = await http.GetAsync("/apis/events.k8s.io/v1/namespaces/default/events?fieldSelector=regarding.name%3Dweb");
        Assert.That(v1.Json!["kind"]!.ToString(), Is.EqualTo("EventList"));
        Assert.That(v1.Json!["items"]![0]!["note"]!.ToString(), Is.EqualTo("tag missing"));
    }

    [Test]
    public async Task EventsV1Event_WithoutRequiredFields_Returns422()
    {
        await using var server = await KubeApiServer.StartAsync();
        using var http = new RawClient(server);

        var r = await http.PostAsync("/apis/events.k8s.io/v1/namespaces/default/events", JsonNode.Parse("""{"metadata":{"name":"e"},"type":"Warning","reason":"X"}""")!);

        Assert.That(r.Status, Is.EqualTo(422));
        Assert.That(r.Json!["details"]!["causes"]!.AsArray().Select(c => c!["field"]!.ToString()), Is.SupersetOf(new[] { "eventTime", "reportingController", "reportingInstance", "action" }));
    }
}
