using System.Net;
using System.Net.Http.Headers;

namespace PullDoctor.RegistryFixtures;

/// <summary>
/// Pushes blobs and manifests over the distribution API directly. Used where skopeo cannot help: extra
/// tags of an already pushed image (one PUT each instead of a process each), and Docker-format images,
/// because skopeo's <c>oci:</c> transport only reads OCI media types from a layout.
/// </summary>
internal sealed class HttpPusher(HttpClient client, Func<string, AuthenticationHeaderValue?> authorize)
{
    public async Task PushAsync(TestImage image, string repository, string tag, CancellationToken cancellationToken)
    {
        var authorization = authorize(repository);
        foreach (var blob in image.Blobs)
        {
            await PushBlobAsync(repository, blob, authorization, cancellationToken).ConfigureAwait(false);
        }

        foreach (var manifest in image.Manifests.Where(m => m.Digest != image.Top.Digest))
        {
            await PutManifestAsync(repository, manifest.Digest, manifest, authorization, cancellationToken).ConfigureAwait(false);
        }

        await PutManifestAsync(repository, tag, image.Top, authorization, cancellationToken).ConfigureAwait(false);
    }

    public Task TagAsync(TestImage image, string repository, string tag, CancellationToken cancellationToken) =>
        PutManifestAsync(repository, tag, image.Top, authorize(repository), cancellationToken);

    private async Task PushBlobAsync(string repository, OciBlob blob, AuthenticationHeaderValue? authorization, CancellationToken cancellationToken)
    {
        using (var head = new HttpRequestMessage(HttpMethod.Head, $"v2/{repository}/blobs/{blob.Digest}"))
        {
            head.Headers.Authorization = authorization;
            using var exists = await client.SendAsync(head, cancellationToken).ConfigureAwait(false);
            if (exists.StatusCode == HttpStatusCode.OK)
            {
                return;
            }
        }

        Uri location;
        using (var start = new HttpRequestMessage(HttpMethod.Post, $"v2/{repository}/blobs/uploads/"))
        {
            start.Headers.Authorization = authorization;
            using var started = await SendCheckedAsync(start, cancellationToken).ConfigureAwait(false);
            location = started.Headers.Location ?? throw new InvalidOperationException("Blob upload started without a Location.");
        }

        var separator = location.OriginalString.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        using var put = new HttpRequestMessage(HttpMethod.Put, new Uri($"{location.OriginalString}{separator}digest={Uri.EscapeDataString(blob.Digest)}", UriKind.RelativeOrAbsolute))
        {
            Content = new ByteArrayContent(blob.Content),
        };
        put.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        put.Headers.Authorization = authorization;
        using var _ = await SendCheckedAsync(put, cancellationToken).ConfigureAwait(false);
    }

    private async Task PutManifestAsync(string repository, string reference, OciBlob manifest, AuthenticationHeaderValue? authorization, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, $"v2/{repository}/manifests/{reference}")
        {
            Content = new ByteArrayContent(manifest.Content),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(manifest.MediaType);
        request.Headers.Authorization = authorization;
        using var _ = await SendCheckedAsync(request, cancellationToken).ConfigureAwait(false);
    }

    private async Task<HttpResponseMessage> SendCheckedAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        response.Dispose();
        throw new InvalidOperationException($"{request.Method} {request.RequestUri} answered {(int)response.StatusCode}: {body}");
    }
}
