using System.Net;
using Microsoft.Extensions.Time.Testing;
using PullDoctor.Operator.Kube;

namespace PullDoctor.Operator.Tests.Kube;

public sealed class RetryAfterHandlerTests
{
    private const string ListPods = "http://api.invalid/api/v1/pods?limit=500";

    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-03-01T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    [Test]
    public async Task TooManyRequestsWithRetryAfter_WaitsThenRetries()
    {
        var inner = new ScriptedHandler().Then(HttpStatusCode.TooManyRequests, TimeSpan.FromSeconds(2)).Then(HttpStatusCode.OK);
        using var client = Client(inner, out var handler);

        var call = client.GetAsync(ListPods);
        await inner.NextRequestAsync();
        _time.Advance(TimeSpan.FromSeconds(1.999));
        Assert.That(call.IsCompleted, Is.False, "waits the full Retry-After");
        _time.Advance(TimeSpan.FromMilliseconds(1));

        using var response = await call.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(inner.Calls, Is.EqualTo(2));
        Assert.That(handler.Retries, Is.EqualTo(1));
    }

    [Test]
    public async Task ServiceUnavailableWithRetryAfterDate_Retried()
    {
        var inner = new ScriptedHandler().Then(HttpStatusCode.ServiceUnavailable, retryAt: _time.GetUtcNow().AddSeconds(3)).Then(HttpStatusCode.OK);
        using var client = Client(inner, out _);

        var call = client.GetAsync(ListPods);
        await inner.NextRequestAsync();
        _time.Advance(TimeSpan.FromSeconds(3));

        using var response = await call.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [TestCase(HttpStatusCode.TooManyRequests, false)]
    [TestCase(HttpStatusCode.InternalServerError, true)]
    [TestCase(HttpStatusCode.Conflict, true)]
    public async Task NoRetryAfterOrOtherStatus_ReturnedAtOnce(HttpStatusCode status, bool withRetryAfter)
    {
        var inner = new ScriptedHandler().Then(status, withRetryAfter ? TimeSpan.FromSeconds(1) : null).Then(HttpStatusCode.OK);
        using var client = Client(inner, out _);

        using var response = await client.GetAsync(ListPods);

        Assert.That(response.StatusCode, Is.EqualTo(status));
        Assert.That(inner.Calls, Is.EqualTo(1));
    }

    [Test]
    public async Task AlwaysRefused_StopsAfterMaxAttempts()
    {
        var inner = new ScriptedHandler().Then(HttpStatusCode.TooManyRequests, TimeSpan.Zero);
        using var client = Client(inner, out var handler, maxAttempts: 4);

        using var response = await client.GetAsync(ListPods);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That(inner.Calls, Is.EqualTo(4));
        Assert.That(handler.Retries, Is.EqualTo(3));
    }

    [Test]
    public async Task RetryAfterBeyondTotalBudget_ReturnedToCaller()
    {
        var inner = new ScriptedHandler().Then(HttpStatusCode.TooManyRequests, TimeSpan.FromSeconds(20));
        using var client = Client(inner, out _, maxTotalDelay: TimeSpan.FromSeconds(30));

        var call = client.GetAsync(ListPods);
        await inner.NextRequestAsync();
        _time.Advance(TimeSpan.FromSeconds(20));

        using var response = await call.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests), "a second 20 s wait would exceed the 30 s budget");
        Assert.That(inner.Calls, Is.EqualTo(2));
    }

    [TestCase("?watch=true&resourceVersion=10")]
    [TestCase("?resourceVersion=10&watch=1")]
    public async Task WatchRequest_NeverRetried(string query)
    {
        var inner = new ScriptedHandler().Then(HttpStatusCode.TooManyRequests, TimeSpan.Zero).Then(HttpStatusCode.OK);
        using var client = Client(inner, out _);

        using var response = await client.GetAsync("http://api.invalid/api/v1/pods" + query);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That(inner.Calls, Is.EqualTo(1));
    }

    [Test]
    public async Task CancelledWhileWaiting_Throws()
    {
        var inner = new ScriptedHandler().Then(HttpStatusCode.TooManyRequests, TimeSpan.FromSeconds(5));
        using var client = Client(inner, out _);
        using var cts = new CancellationTokenSource();

        var call = client.GetAsync(ListPods, cts.Token);
        await inner.NextRequestAsync();
        await cts.CancelAsync();

        Assert.That(async () => await call, Throws.InstanceOf<OperationCanceledException>());
        Assert.That(inner.Calls, Is.EqualTo(1));
    }

    [Test]
    public async Task PostBody_IsSentAgainOnRetry()
    {
        var inner = new ScriptedHandler().Then(HttpStatusCode.TooManyRequests, TimeSpan.Zero).Then(HttpStatusCode.Created);
        using var client = Client(inner, out _);

        using var content = new StringContent("{\"kind\":\"Event\"}");
        using var response = await client.PostAsync("http://api.invalid/apis/events.k8s.io/v1/namespaces/default/events", content);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        await inner.NextRequestAsync();
        var retried = await inner.NextRequestAsync();
        Assert.That(await retried.Content!.ReadAsStringAsync(), Is.EqualTo("{\"kind\":\"Event\"}"));
    }

    private HttpClient Client(ScriptedHandler inner, out RetryAfterHandler handler, int maxAttempts = 10, TimeSpan? maxTotalDelay = null)
    {
        handler = new RetryAfterHandler(_time, maxAttempts, maxTotalDelay) { InnerHandler = inner };
        return new HttpClient(handler);
    }
}
