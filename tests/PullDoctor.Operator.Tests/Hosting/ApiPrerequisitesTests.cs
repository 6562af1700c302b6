using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using PullDoctor.Operator.Hosting;
using PullDoctor.Operator.Tests.E2E;
using PullDoctor.Testing;

namespace PullDoctor.Operator.Tests.Hosting;

/// <summary>The CRD/RBAC check's back-off (on the operator's clock, bounded) and how it reads API answers.</summary>
public sealed class ApiPrerequisitesTests
{
    [Test]
    public async Task MissingCrd_RetriesWithDoublingBackOffOnTheOperatorsClock_BoundedByTheMaximum()
    {
        await using var server = await KubeApiServer.StartAsync();
        using var client = new k8s.Kubernetes(server.ClientConfiguration);
        var time = new FakeTimeProvider();
        // Minutes on a fake clock: a real timer could never fire within the test's bound, so every check seen here
        // was released by advancing the fake clock.
        using var prerequisites = new ApiPrerequisites(() => client, [], time, NullLogger<ApiPrerequisites>.Instance, TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(60));
        await prerequisites.StartAsync(CancellationToken.None);
        try
        {
            var retries = new List<double>();
            for (var check = 1; check <= 6; check++)
            {
                var expected = check;
                await OperatorHarness.WaitUntilAsync(() => Task.FromResult(prerequisites.Checks >= expected), () => $"check {expected}; {prerequisites.Checks} so far");
                var next = prerequisites.NextRetry ?? throw new AssertionException("no retry scheduled after a failed check");
                retries.Add(next.TotalMinutes);
                time.Advance(next);
            }

            await OperatorHarness.WaitUntilAsync(() => Task.FromResult(prerequisites.Checks >= 7), () => $"check 7; {prerequisites.Checks} so far");
            Assert.Multiple(() =>
            {
                Assert.That(retries, Is.EqualTo(new[] { 10.0, 20, 40, 60, 60, 60 }));
                Assert.That(prerequisites.Problem, Does.Contain(ApiPrerequisites.CrdFix));
                Assert.That(server.Requests.Entries.Count(r => r.Resource == "imagepulldiagnoses"), Is.EqualTo(7), "one list per check");
            });

            OperatorHarness.InstallCrd(server);
            time.Advance(TimeSpan.FromMinutes(60));
            await prerequisites.WaitReadyAsync(CancellationToken.None).WaitAsync(OperatorHarness.Timeout);
            Assert.Multiple(() =>
            {
                Assert.That(prerequisites.Problem, Is.Null);
                Assert.That(prerequisites.NextRetry, Is.Null);
            });
        }
        finally
        {
            await prerequisites.StopAsync(CancellationToken.None);
        }
    }

    [TestCase(404, "GET", "/apis/pulldoctor.dev/v1alpha1/imagepulldiagnoses", """{"kind":"Status","apiVersion":"v1","status":"Failure","message":"the server could not find the requested resource","reason":"NotFound","details":{},"code":404}""", "CRD")]
    [TestCase(404, "GET", "/apis/pulldoctor.dev/v1alpha1/namespaces/shop/imagepulldiagnoses/web-1", """{"kind":"Status","apiVersion":"v1","status":"Failure","message":"imagepulldiagnoses.pulldoctor.dev \"web-1\" not found","reason":"NotFound","details":{"name":"web-1","group":"pulldoctor.dev","kind":"imagepulldiagnoses"},"code":404}""", null)]
    [TestCase(404, "GET", "/api/v1/namespaces/shop/pods/web-1", """{"kind":"Status","apiVersion":"v1","status":"Failure","message":"pods \"web-1\" not found","reason":"NotFound","details":{"name":"web-1","kind":"pods"},"code":404}""", null)]
    [TestCase(403, "GET", "/api/v1/pods?watch=true&resourceVersion=5", """{"kind":"Status","apiVersion":"v1","status":"Failure","message":"pods is forbidden: User \"system:serviceaccount:pulldoctor:pulldoctor\" cannot watch resource \"pods\" in API group \"\" at the cluster scope","reason":"Forbidden","details":{"kind":"pods"},"code":403}""", "RBAC: forbidden to watch pods at the cluster scope as system:serviceaccount:pulldoctor:pulldoctor")]
    [TestCase(403, "PATCH", "/apis/pulldoctor.dev/v1alpha1/namespaces/shop/imagepulldiagnoses/web-1/status", null, "RBAC: forbidden to patch imagepulldiagnoses.pulldoctor.dev/status in namespace shop:")]
    [TestCase(403, "POST", "/api/v1/namespaces/shop/events", null, "RBAC: forbidden to create events in namespace shop:")]
    [TestCase(500, "GET", "/apis/pulldoctor.dev/v1alpha1/imagepulldiagnoses", null, null)]
    public void Describe_ReadsWhatAnAnswerSaysAboutPrerequisites(int status, string method, string pathAndQuery, string? body, string? expected)
    {
        var problem = ApiPrerequisites.Describe(status, method, new Uri("https://10.0.0.1" + pathAndQuery), body);

        if (expected is null)
        {
            Assert.That(problem, Is.Null);
        }
        else
        {
            Assert.That(problem, Does.Contain(expected));
        }
    }

    [Test]
    public async Task Observer_AnEndless404Body_IsReadOnlyUpToTheBound_AndHandedOnBounded()
    {
        using var client = new k8s.Kubernetes(new k8s.KubernetesClientConfiguration { Host = "https://10.0.0.1" });
        using var prerequisites = new ApiPrerequisites(() => client, [], TimeProvider.System, NullLogger<ApiPrerequisites>.Instance);
        var endless = new EndlessStream();
        using var observer = prerequisites.Observer();
        observer.InnerHandler = new Answer(() => new HttpResponseMessage(System.Net.HttpStatusCode.NotFound) { Content = new StreamContent(endless) });
        using var invoker = new HttpMessageInvoker(observer);

        using var response = await invoker.SendAsync(new HttpRequestMessage(HttpMethod.Get, "https://10.0.0.1/api/v1/namespaces/shop/pods/web-1"), CancellationToken.None)
            .WaitAsync(OperatorHarness.Timeout);
        var body = await response.Content.ReadAsByteArrayAsync();

        Assert.Multiple(() =>
        {
            Assert.That(body, Has.Length.EqualTo(ApiPrerequisites.MaxErrorBodyBytes));
            Assert.That(endless.Served, Is.LessThan(2L * ApiPrerequisites.MaxErrorBodyBytes), "read no further than the bound");
            Assert.That(response.Content.Headers.ContentLength, Is.EqualTo(ApiPrerequisites.MaxErrorBodyBytes));
        });
    }

    private sealed class Answer(Func<HttpResponseMessage> respond) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) => Task.FromResult(respond());
    }

    /// <summary>A body that never ends: each read fills the buffer with spaces.</summary>
    private sealed class EndlessStream : Stream
    {
        public long Served { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => Served; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            buffer.AsSpan(offset, count).Fill((byte)' ');
            Served += count;
            return count;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
