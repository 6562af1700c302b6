using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace PullDoctor.Testing.Tests;

/// <summary>Plain HTTP against the server, for checking exact JSON shapes, status codes and headers.</summary>
internal sealed class RawClient : IDisposable
{
    private readonly HttpClient _http;

    public RawClient(KubeApiServer server) => _http = new HttpClient { BaseAddress = server.Url, Timeout = TimeSpan.FromSeconds(30) };

    public async Task<Response> SendAsync(HttpMethod method, string path, object? body = null, string contentType = "application/json", string? accept = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            var text = body is string s ? s : ((JsonNode)body).ToJsonString();
            request.Content = new StringContent(text, Encoding.UTF8);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        }

        if (accept is not null)
        {
            request.Headers.Accept.ParseAdd(accept);
        }

        using var response = await _http.SendAsync(request);
        var content = await response.Content.ReadAsStringAsync();
        return new Response((int)response.StatusCode, content.Length > 0 && content[0] is '{' or '[' ? JsonNode.Parse(content) : null, content,
            response.Headers.ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase));
    }

    public Task<Response> GetAsync(string path, string? accept = null) => SendAsync(HttpMethod.Get, path, accept: accept);

    public Task<Response> PostAsync(string path, JsonNode body) => SendAsync(HttpMethod.Post, path, body);

    public Task<Response> PutAsync(string path, JsonNode body) => SendAsync(HttpMethod.Put, path, body);

    public Task<Response> PatchAsync(string path, object body, string contentType) => SendAsync(HttpMethod.Patch, path, body, contentType);

    public Task<Response> DeleteAsync(string path, JsonNode? body = null) => SendAsync(HttpMethod.Delete, path, body);

    /// <summary>Opens a watch and returns a reader of its lines.</summary>
    public async Task<WatchStream> WatchAsync(string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var stream = await response.Content.ReadAsStreamAsync();
        return new WatchStream(request, response, new StreamReader(stream));
    }

    public void Dispose() => _http.Dispose();

    public sealed record Response(int Status, JsonNode? Json, string Text, IReadOnlyDictionary<string, string> Headers)
    {
        public JsonObject Object => (JsonObject)Json!;

        public string? Rv => Json?["metadata"]?["resourceVersion"]?.ToString();
    }

    internal sealed class WatchStream(HttpRequestMessage request, HttpResponseMessage response, StreamReader reader) : IDisposable
    {
        public int Status => (int)response.StatusCode;

        /// <summary>The next event, or null when the server ended the stream.</summary>
        public async Task<JsonObject?> NextAsync(TimeSpan? timeout = null)
        {
            using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
            var line = await reader.ReadLineAsync(cts.Token);
            return line is null ? null : (JsonObject)JsonNode.Parse(line)!;
        }

        /// <summary>Reads events until one satisfies the predicate (skipping others).</summary>
        public async Task<JsonObject> NextWhereAsync(Func<JsonObject, bool> predicate, TimeSpan? timeout = null)
        {
            var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
            while (true)
            {
                var e = await NextAsync(deadline - DateTime.UtcNow) ?? throw new InvalidOperationException("watch ended");
                if (predicate(e))
                {
                    return e;
                }
            }
        }

        public void Dispose()
        {
            reader.Dispose();
            response.Dispose();
            request.Dispose();
        }
    }
}
