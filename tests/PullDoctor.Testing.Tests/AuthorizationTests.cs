using System.Text.Json.Nodes;
using PullDoctor.Testing.Authorization;

namespace PullDoctor.Testing.Tests;

/// <summary>RBAC denials answered as the real API server's RBAC authorizer answers them.</summary>
public sealed class AuthorizationTests : ApiServerTest
{
    [Test]
    public async Task Deny_ClusterList_Gets403StatusAsKubeApiserverSendsIt()
    {
        Server.Faults.Authorization.Deny("list", "pods");

        var denied = await Http.GetAsync("/api/v1/pods");
        var other = await Http.GetAsync("/api/v1/namespaces/default/configmaps");

        // kube-apiserver 1.35: {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"pods is forbidden: User \"...\" cannot list
        // resource \"pods\" in API group \"\" at the cluster scope","reason":"Forbidden","details":{"kind":"pods"},"code":403}
        Assert.Multiple(() =>
        {
            Assert.That(denied.Status, Is.EqualTo(403));
            Assert.That(denied.Json!["kind"]!.ToString(), Is.EqualTo("Status"));
            Assert.That(denied.Json!["status"]!.ToString(), Is.EqualTo("Failure"));
            Assert.That(denied.Json!["reason"]!.ToString(), Is.EqualTo("Forbidden"));
            Assert.That(denied.Json!["code"]!.GetValue<int>(), Is.EqualTo(403));
            Assert.That(denied.Json!["message"]!.ToString(), Is.EqualTo($"pods is forbidden: User \"{Authorizer.DefaultUser}\" cannot list resource \"pods\" in API group \"\" at the cluster scope"));
            Assert.That(((JsonObject)denied.Json!["details"]!).ToJsonString(), Is.EqualTo("""{"kind":"pods"}"""));
            Assert.That(other.Status, Is.EqualTo(200));
        });
    }

    [Test]
    public async Task Deny_NamespacedGet_NamesObjectAndNamespace()
    {
        Server.Faults.Authorization.Deny("get", "secrets");

        var denied = await Http.GetAsync("/api/v1/namespaces/shop/secrets/pull");

        Assert.Multiple(() =>
        {
            Assert.That(denied.Status, Is.EqualTo(403));
            Assert.That(denied.Json!["message"]!.ToString(), Is.EqualTo($"secrets \"pull\" is forbidden: User \"{Authorizer.DefaultUser}\" cannot get resource \"secrets\" in API group \"\" in the namespace \"shop\""));
            Assert.That(((JsonObject)denied.Json!["details"]!).ToJsonString(), Is.EqualTo("""{"name":"pull","kind":"secrets"}"""));
        });
    }

    [Test]
    public async Task AllowAll_LiftsEveryDenial()
    {
        Server.Faults.Authorization.Deny("list", "pods");
        Server.Faults.Authorization.AllowAll();

        Assert.That((await Http.GetAsync("/api/v1/pods")).Status, Is.EqualTo(200));
    }
}
