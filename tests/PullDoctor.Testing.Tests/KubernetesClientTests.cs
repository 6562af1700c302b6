using k8s;
using k8s.Autorest;
using k8s.Models;

namespace PullDoctor.Testing.Tests;

/// <summary>The server driven by KubernetesClient 21, the client the operator uses.</summary>
public sealed class KubernetesClientTests
{
    private static V1Pod Pod(string name, string image = "nginx:1.25") => new()
    {
        Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { ["app"] = "web" } },
        Spec = new V1PodSpec { Containers = [new V1Container { Name = "web", Image = image }] },
    };

    [Test]
    public async Task TypedPods_CreateGetListDelete_OverPlainHttp()
    {
        await using var server = await KubeApiServer.StartAsync();
        using var client = new Kubernetes(new KubernetesClientConfiguration { Host = server.Url.ToString() });

        var created = await client.CoreV1.CreateNamespacedPodAsync(Pod("web-1"), "default");
        var read = await client.CoreV1.ReadNamespacedPodAsync("web-1", "default");
        var list = await client.CoreV1.ListNamespacedPodAsync("default", labelSelector: "app=web");
        var deleted = await client.CoreV1.DeleteNamespacedPodAsync("web-1", "default");

        Assert.Multiple(() =>
        {
            Assert.That(created.Metadata.Uid, Is.Not.Empty);
            Assert.That(created.Status.Phase, Is.EqualTo("Pending"));
            Assert.That(created.Spec.Containers[0].ImagePullPolicy, Is.EqualTo("IfNotPresent"));
            Assert.That(read.Metadata.ResourceVersion, Is.EqualTo(created.Metadata.ResourceVersion));
            Assert.That(list.Items.Select(p => p.Metadata.Name), Is.EqualTo(new[] { "web-1" }));
            Assert.That(deleted.Metadata.Name, Is.EqualTo("web-1"));
        });
        var missing = Assert.ThrowsAsync<HttpOperationException>(() => client.CoreV1.ReadNamespacedPodAsync("web-1", "default"));
        Assert.That((int)missing!.Response.StatusCode, Is.EqualTo(404));
        Assert.That(server.Requests.Where("get", "pods").Select(r => r.Protocol), Has.All.EqualTo("HTTP/1.1"));
    }

    [Test]
    public async Task ClientConfiguration_OverTls_SpeaksHttp2()
    {
        await using var server = await KubeApiServer.StartAsync(new KubeApiServerOptions { UseTls = true });
        using var client = server.CreateClient();

        await client.CoreV1.CreateNamespacedPodAsync(Pod("web-1"), "default");
        var list = await client.CoreV1.ListNamespacedPodAsync("default");

        Assert.That(list.Items, Has.Count.EqualTo(1));
        Assert.That(server.Requests.Where("list", "pods").Single().Protocol, Is.EqualTo("HTTP/2"));
    }
}
