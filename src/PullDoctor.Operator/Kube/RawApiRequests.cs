using System.Net;
using System.Net.Http.Headers;
using System.Text;
using k8s;
using k8s.Autorest;

namespace PullDoctor.Operator.Kube;

/// <summary>
/// GETs whose response body is read as a stream by the caller, through the client's own pipeline (its HttpClient with
/// our handlers: Retry-After, throttle, error counting, tests' recorders) and its credentials. A non-2xx answer throws
/// the <see cref="HttpOperationException"/> the generated operations throw, so <see cref="KubeErrors"/> reads it alike.
/// </summary>
internal sealed class RawApiRequests
{
    /// <summary>The most of an error body kept (it is parsed for a Status; what the server sends is untrusted).</summary>
    public const int MaxErrorBody = BoundedBody.MaxErrorBytes;

    private readonly Kubernetes _client;

    public RawApiRequests(IKubernetes client)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client as Kubernetes
            ?? throw new ArgumentException("Streaming reads need the KubernetesClient Kubernetes class (its HttpClient and credentials).", nameof(client));
    }

    /// <summary>Sends a GET for <paramref name="relativeUri"/> and returns once the headers are in; the caller disposes the response.</summary>
    public async Task<HttpResponseMessage> GetAsync(string relativeUri, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(relativeUri);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_client.BaseUri, relativeUri)) { Version = HttpVersion.Version20 };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (_client.Credentials is { } credentials)
            await credentials.ProcessHttpRequestAsync(request, cancellationToken);
        var response = await _client.HttpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (response.IsSuccessStatusCode)
            return response;

        using (response)
        {
            var body = Encoding.UTF8.GetString(await BoundedBody.ReadAsync(response.Content, MaxErrorBody, cancellationToken));
            throw new HttpOperationException($"Operation returned an invalid status code '{response.StatusCode}'")
            {
                Request = new HttpRequestMessageWrapper(request, null),
                Response = new HttpResponseMessageWrapper(response, body),
            };
        }
    }

    /// <summary>Appends <c>name=value</c> (escaped) to a query, skipping null values.</summary>
    public static void AddQuery(StringBuilder query, string name, string? value)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (value is null)
            return;
        query.Append(query.Length == 0 ? '?' : '&').Append(name).Append('=').Append(Uri.EscapeDataString(value));
    }
}
