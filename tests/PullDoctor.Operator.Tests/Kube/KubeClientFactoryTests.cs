using k8s;
using k8s.Autorest;
using Microsoft.Extensions.Time.Testing;
using PullDoctor.Operator.Kube;
using PullDoctor.Testing;

namespace PullDoctor.Operator.Tests.Kube;

public sealed class KubeClientFactoryTests
{
    private KubeApiServer _server = null!;
    private string _kubeconfig = null!;

    [SetUp]
    public async Task SetUp()
    {
        _server = await KubeApiServer.StartAsync();
        _kubeconfig = _server.WriteKubeconfig(Path.Combine(Path.GetTempPath(), $"pulldoctor-{Guid.NewGuid():N}", "config"));
    }

    [TearDown]
    public async Task TearDown()
    {
        await _server.DisposeAsync();
        Directory.Delete(Path.GetDirectoryName(_kubeconfig)!, recursive: true);
    }

    [Test]
    public async Task Create_FromKubeconfig_SendsPullDoctorUserAgent()
    {
        using var client = (Kubernetes)KubeClientFactory.Create(new KubeClientOptions { Kubeconfig = _kubeconfig }, TimeProvider.System);

        await client.CoreV1.ListNamespaceAsync();

        Assert.That(KubeClientFactory.DefaultUserAgent, Does.StartWith("pulldoctor/"));
        Assert.That(_server.Requests.Where("list", "namespaces").Single().UserAgent, Does.StartWith("pulldoctor/"));
    }

    [Test]
    public async Task Create_ServerAnswers429WithRetryAfter_RequestSucceedsAfterRetries()
    {
        using var client = (Kubernetes)KubeClientFactory.Create(new KubeClientOptions { Kubeconfig = _kubeconfig }, TimeProvider.System);
        _server.Faults.FailNext(2, 429, verb: "list", resource: "pods", retryAfter: TimeSpan.Zero);

        var pods = await client.CoreV1.ListNamespacedPodAsync("default");

        Assert.That(pods.Items, Is.Empty);
        Assert.That(_server.Requests.Count("list", "pods"), Is.EqualTo(3));
    }

    [Test]
    public void Create_RetriesExhausted_CallerSees429WithRetryAfter()
    {
        using var client = (Kubernetes)KubeClientFactory.Create(new KubeClientOptions { Kubeconfig = _kubeconfig, RetryAfterMaxAttempts = 2 }, new FakeTimeProvider());
        _server.Faults.FailNext(5, 429, verb: "list", resource: "pods", retryAfter: TimeSpan.Zero);

        var error = Assert.ThrowsAsync<HttpOperationException>(async () => await client.CoreV1.ListNamespacedPodAsync("default"));

        Assert.That(KubeErrors.IsTooManyRequests(error), Is.True);
        Assert.That(KubeErrors.RetryAfter(error), Is.EqualTo(TimeSpan.Zero));
        Assert.That(_server.Requests.Count("list", "pods"), Is.EqualTo(2));
    }

    [Test]
    public void Create_WithQps_ThrottlesBeyondBurst()
    {
        using var client = (Kubernetes)KubeClientFactory.Create(new KubeClientOptions { Kubeconfig = _kubeconfig, Qps = 20, Burst = 2 }, TimeProvider.System);
        var started = TimeProvider.System.GetTimestamp();

        Assert.That(async () => await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => client.CoreV1.ListNamespaceAsync())), Throws.Nothing);

        // Two requests ride the burst; four more need four tokens at 20/s: at least ~150 ms in total.
        Assert.That(TimeProvider.System.GetElapsedTime(started), Is.GreaterThan(TimeSpan.FromMilliseconds(150)));
    }

    [Test]
    public void BuildConfiguration_MissingKubeconfig_ClearError()
    {
        var error = Assert.Throws<FileNotFoundException>(() => KubeClientFactory.BuildConfiguration(new KubeClientOptions { Kubeconfig = "/nonexistent/kubeconfig" }));

        Assert.That(error!.Message, Does.Contain("/nonexistent/kubeconfig"));
    }
}
