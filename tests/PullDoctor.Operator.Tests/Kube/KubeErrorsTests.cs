using k8s;
using k8s.Autorest;
using k8s.Models;
using PullDoctor.Operator.Kube;
using PullDoctor.Testing;

namespace PullDoctor.Operator.Tests.Kube;

public sealed class KubeErrorsTests
{
    private KubeApiServer _server = null!;
    private Kubernetes _client = null!;

    [OneTimeSetUp]
    public async Task SetUp()
    {
        _server = await KubeApiServer.StartAsync();
        _client = _server.CreateClient();
    }

    [OneTimeTearDown]
    public async Task TearDown()
    {
        _client.Dispose();
        await _server.DisposeAsync();
    }

    [Test]
    public void ReadMissingObject_IsNotFound()
    {
        var error = Assert.ThrowsAsync<HttpOperationException>(async () => await _client.CoreV1.ReadNamespacedPodAsync("absent", "default"));

        Assert.That(KubeErrors.IsNotFound(error), Is.True);
        Assert.That(KubeErrors.IsConflict(error), Is.False);
        Assert.That(KubeErrors.Reason(error), Is.EqualTo("NotFound"));
    }

    [Test]
    public async Task CreateExisting_IsAlreadyExistsNotConflict()
    {
        var map = new V1ConfigMap { Metadata = new V1ObjectMeta { Name = $"cm-{Guid.NewGuid():N}" } };
        await _client.CoreV1.CreateNamespacedConfigMapAsync(map, "default");

        var error = Assert.ThrowsAsync<HttpOperationException>(async () => await _client.CoreV1.CreateNamespacedConfigMapAsync(map, "default"));

        Assert.That(KubeErrors.IsAlreadyExists(error), Is.True);
        Assert.That(KubeErrors.IsConflict(error), Is.False);
    }

    [Test]
    public async Task UpdateWithStaleResourceVersion_IsConflict()
    {
        var created = await _client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = $"cm-{Guid.NewGuid():N}" } }, "default");
        var stale = created.Metadata.ResourceVersion;
        created.Data = new Dictionary<string, string> { ["k"] = "v" };
        await _client.CoreV1.ReplaceNamespacedConfigMapAsync(created, created.Metadata.Name, "default");
        created.Metadata.ResourceVersion = stale;

        var error = Assert.ThrowsAsync<HttpOperationException>(async () => await _client.CoreV1.ReplaceNamespacedConfigMapAsync(created, created.Metadata.Name, "default"));

        Assert.That(KubeErrors.IsConflict(error), Is.True);
    }

    [Test]
    public void WatchStatus410_IsGone()
    {
        var error = new KubernetesException(new V1Status { Code = 410, Reason = "Expired", Message = "too old resource version: 1 (5)" });

        Assert.That(KubeErrors.IsGone(error), Is.True);
        Assert.That(KubeErrors.IsGone(new InvalidOperationException("wrapped", error)), Is.True, "wrapped errors are searched");
    }

    [Test]
    public void StatusWithRetryAfterSeconds_ReportsDelay()
    {
        var error = new KubernetesException(new V1Status { Code = 429, Reason = "TooManyRequests", Details = new V1StatusDetails { RetryAfterSeconds = 7 } });

        Assert.That(KubeErrors.IsTooManyRequests(error), Is.True);
        Assert.That(KubeErrors.RetryAfter(error), Is.EqualTo(TimeSpan.FromSeconds(7)));
    }

    [Test]
    public void TransportError_HasNoStatus()
    {
        var error = new HttpRequestException("connection refused");

        Assert.That(KubeErrors.StatusCode(error), Is.Null);
        Assert.That(KubeErrors.IsNotFound(error), Is.False);
    }
}
