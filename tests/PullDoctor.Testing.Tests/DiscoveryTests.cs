namespace PullDoctor.Testing.Tests;

/// <summary>Discovery documents and /version, as kubectl and KubernetesClient read them.</summary>
public sealed class DiscoveryTests
{
    [Test]
    public async Task Discovery_ListsCoreAndGroupResources()
    {
        await using var server = await KubeApiServer.StartAsync();
        using var http = new RawClient(server);

        var api = await http.GetAsync("/api");
        var core = await http.GetAsync("/api/v1");
        var apis = await http.GetAsync("/apis");
        var apps = await http.GetAsync("/apis/apps");
        var version = await http.GetAsync("/version");

        Assert.Multiple(() =>
        {
            Assert.That(api.Json!["kind"]!.ToString(), Is.EqualTo("APIVersions"));
            Assert.That(core.Json!["resources"]!.AsArray().Select(r => r!["name"]!.ToString()), Is.SupersetOf(new[] { "pods", "pods/status", "events", "secrets", "serviceaccounts", "nodes", "namespaces", "configmaps" }));
            Assert.That(apis.Json!["groups"]!.AsArray().Select(g => g!["name"]!.ToString()), Is.SupersetOf(new[] { "apps", "batch", "coordination.k8s.io", "events.k8s.io", "apiextensions.k8s.io" }));
            Assert.That(apps.Json!["preferredVersion"]!["groupVersion"]!.ToString(), Is.EqualTo("apps/v1"));
            Assert.That(version.Json!["gitVersion"]!.ToString(), Does.StartWith("v1."));
        });
    }

    [Test]
    public async Task UnknownResource_Returns404()
    {
        await using var server = await KubeApiServer.StartAsync();
        using var http = new RawClient(server);

        var r = await http.GetAsync("/api/v1/namespaces/default/widgets");

        Assert.That(r.Status, Is.EqualTo(404));
        Assert.That(r.Json!["reason"]!.ToString(), Is.EqualTo("NotFound"));
    }
}
