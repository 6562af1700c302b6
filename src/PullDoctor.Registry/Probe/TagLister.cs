using System.Text.Json;
using System.Text.RegularExpressions;
using PullDoctor.Registry.Http;

namespace PullDoctor.Registry.Probe;

/// <summary>Lists tags with <c>n</c> and <c>Link: &lt;…&gt;; rel="next"</c> pagination, capped in pages and tags, same origin only.</summary>
internal static partial class TagLister
{
    private const int PageSize = 1000;

    public static async Task<TagListing> ListAsync(
        RegistryTransport transport,
        Uri baseUri,
        string repository,
        Func<Uri, RegistryRequest> requestFor,
        RegistryProbeOptions options,
        CancellationToken cancellationToken)
    {
        var tags = new List<string>();
        var next = new Uri(baseUri, $"v2/{repository}/tags/list?n={PageSize}");
        for (var page = 0; page < options.MaxTagPages; page++)
        {
            var response = await transport.SendAsync(requestFor(next) with { MaxBodyBytes = 4 * 1024 * 1024 }, cancellationToken);
            if (!response.IsSuccess)
            {
                transport.Steps.Add(new ProbeStep(response.Asked, Answer.Describe(response)));
                return new TagListing(response.Status, tags, response.Error, false);
            }

            var pageTags = ReadTags(response.Body);
            tags.AddRange(pageTags);
            var link = NextLink(response.Headers["Link"]);
            transport.Steps.Add(new ProbeStep(response.Asked, $"{response.StatusText}: {pageTags.Count} tags{(link is null ? string.Empty : ", more on the next page")}"));
            if (link is null || tags.Count >= options.MaxTags)
            {
                return new TagListing(response.Status, tags.Take(options.MaxTags).ToList(), null, link is null);
            }

            var linked = new Uri(next, link);
            if (!RegistryTransport.SameOrigin(linked, baseUri))
            {
                return new TagListing(response.Status, tags, null, false);
            }

            next = linked;
        }

        return new TagListing(200, tags, null, false);
    }

    private static List<string> ReadTags(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("tags", out var list)
                && list.ValueKind == JsonValueKind.Array)
            {
                return list.EnumerateArray().Where(t => t.ValueKind == JsonValueKind.String).Select(t => t.GetString()!).ToList();
            }
        }
        catch (JsonException)
        {
            // An unreadable page lists nothing; the caller still has whatever earlier pages gave.
        }

        return [];
    }

    private static string? NextLink(string? header)
    {
        if (header is null)
        {
            return null;
        }

        var match = LinkPattern().Match(header);
        return match.Success ? match.Groups[1].Value : null;
    }

    [GeneratedRegex("<([^>]+)>\\s*;\\s*rel=\"?next\"?", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex LinkPattern();
}
