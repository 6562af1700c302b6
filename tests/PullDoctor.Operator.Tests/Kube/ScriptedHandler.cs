using System.Net;
using System.Threading.Channels;

namespace PullDoctor.Operator.Tests.Kube;

/// <summary>An innermost handler that answers from a script and records what it was sent.</summary>
internal sealed class ScriptedHandler : HttpMessageHandler
{
    private readonly Queue<Func<HttpResponseMessage>> _script = new();
    private readonly Channel<HttpRequestMessage> _sent = Channel.CreateUnbounded<HttpRequestMessage>();

    public int Calls { get; private set; }

    public ScriptedHandler Then(HttpStatusCode status, TimeSpan? retryAfter = null, DateTimeOffset? retryAt = null)
    {
        _script.Enqueue(() =>
        {
            var response = new HttpResponseMessage(status) { Content = new StringContent("{}") };
            if (retryAfter is { } delta)
                response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(delta);
            if (retryAt is { } date)
                response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(date);
            return response;
        });
        return this;
    }

    public async Task<HttpRequestMessage> NextRequestAsync() => await _sent.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Calls++;
        _sent.Writer.TryWrite(request);
        var next = _script.Count > 1 ? _script.Dequeue() : _script.Peek();
        return Task.FromResult(next());
    }
}
